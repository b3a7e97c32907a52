extension String {
    /// ``escapedForTerminal`` with line breaks and tabs kept: for multi-line messages (a
    /// traceback, a list of reasons) that should still read as indented lines.
    ///
    /// ```swift
    /// "a\u{1B}[31m\n\tb".escapedForTerminalKeepingLines   // "a\\x1b[31m\n\tb"
    /// ```
    public var escapedForTerminalKeepingLines: String {
        split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).escapedForTerminal }.joined(separator: "\t")
        }.joined(separator: "\n")
    }
}
