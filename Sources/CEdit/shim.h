// Line editing for the REPL: BSD libedit (Debian's libedit-dev) through its readline-style
// API. C is needed for the completion callback (a C function pointer with no context) and
// for a SIGINT handler that is async-signal-safe.
#ifndef KEHU_CEDIT_SHIM_H
#define KEHU_CEDIT_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>

/// Completion: the host gives one function and a context; it gets the word being completed
/// (libedit's own split, in bytes, whatever the line holds before it) and returns a malloc'd,
/// NULL-terminated list in readline's form (the replacement first, then the candidates), or
/// NULL for no candidates.
typedef char **(*cedit_completer)(void *context, const char *word);

/// The shim's state. A header's file-level statics are not emitted for Swift, so they live in
/// a function (emitted with the inline functions that use it). Each object file that uses the
/// shim gets its own copy: only `Sources/kehu/Repl.swift` may call `cedit_*`.
struct cedit_state {
    cedit_completer completer;
    void *context;
    volatile sig_atomic_t sigint;
    int pipe[2];
};

static inline struct cedit_state *cedit_state(void) {
    static struct cedit_state state = { NULL, NULL, 0, { -1, -1 } };
    return &state;
}

static char **cedit_attempt(const char *text, int start, int end) {
    (void)start; (void)end;  // character offsets in libedit, not bytes: use `text` instead
    struct cedit_state *st = cedit_state();
    if (!st->completer) return NULL;
    // NULL when there is nothing: libedit then asks cedit_no_entries, which offers no file names.
    return st->completer(st->context, text);
}

static char *cedit_no_entries(const char *text, int state) { (void)text; (void)state; return NULL; }

/// Sets up completion: words break at spaces and operators but not at '.' or ':', so
/// `kehu.cl` and `c:ord` complete as one word.
static inline void cedit_set_completer(cedit_completer fn, void *context) {
    cedit_state()->completer = fn;
    cedit_state()->context = context;
    rl_attempted_completion_function = cedit_attempt;
    rl_completion_entry_function = cedit_no_entries;
    rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^~#[]";
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^~#[]";
    rl_completion_append_character = '\0';
}

/// SIGINT: the handler only notes it and writes a byte to a pipe (both async-signal-safe).
/// It is installed without SA_RESTART, so a read waiting for a key returns and the line
/// editor gives the line up; a host thread reads the pipe to interrupt running Lua.
static void cedit_on_sigint(int sig) {
    (void)sig;
    int saved = errno;
    struct cedit_state *st = cedit_state();
    st->sigint = 1;
    if (st->pipe[1] >= 0) { char c = 1; ssize_t n = write(st->pipe[1], &c, 1); (void)n; }
    errno = saved;
}

/// Installs the handler; returns the pipe's read end, or -1.
static inline int cedit_install_sigint(void) {
    struct cedit_state *st = cedit_state();
    if (st->pipe[0] < 0) {
        if (pipe(st->pipe) != 0) return -1;
        // A burst of Ctrl-C must never block the handler on a full pipe.
        fcntl(st->pipe[1], F_SETFL, fcntl(st->pipe[1], F_GETFL) | O_NONBLOCK);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cedit_on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
    return st->pipe[0];
}

/// Lets SIGINT reach the calling thread.
static inline void cedit_unblock_sigint(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/// Whether SIGINT arrived since the last call (and clears it).
static inline int cedit_take_sigint(void) {
    int v = cedit_state()->sigint;
    cedit_state()->sigint = 0;
    return v;
}

/// A line, or NULL at end of input (Ctrl-D) or when interrupted (see cedit_take_sigint).
/// The caller frees it.
static inline char *cedit_readline(const char *prompt) {
    char *line = readline(prompt);
    // libedit can leave signals blocked after listing completions; Ctrl-C must reach us.
    cedit_unblock_sigint();
    return line;
}
static inline void cedit_add_history(const char *line) { add_history(line); }
static inline void cedit_limit_history(int n) { stifle_history(n); }
static inline int cedit_read_history(const char *path) { return read_history(path); }
static inline int cedit_write_history(const char *path) { return write_history(path); }
static inline void cedit_set_name(const char *name) { rl_readline_name = name; }
static inline char *cedit_strdup(const char *s) { return strdup(s); }

#endif
