import LuaEngine

/// What went wrong with a playbook, said so that its author can fix it.
public enum PlaybookError: Error, CustomStringConvertible {
    /// The folder, its manifest or its templates are not a usable playbook.
    case invalid(folder: String, String)
    /// A hook raised an error, broke a limit, or returned something unusable.
    /// `file:line` are in the Lua error's message when Lua knows them.
    case hook(playbook: String, hook: String, client: String?, message: String, traceback: String?)
    /// The run cannot start (no score run yet, a bad budget, …).
    case run(String)
    /// A run told to keep going (`--keep-going`) met these clients' errors, of `total` it ran.
    case clients([PlaybookError], total: Int)

    public var description: String {
        switch self {
        case .invalid(_, let message):
            return message
        case .hook(let playbook, let hook, let client, let message, _):
            let on = client.map { " on client \($0)" } ?? ""
            return "playbook \(playbook), hook \(hook)\(on): \(message)"
        case .run(let message):
            return message
        case .clients(let errors, let total):
            let shown = errors.prefix(Self.listed).map(\.description)
            return "\(errors.count) of \(total) clients failed:\n  " + shown.joined(separator: "\n  ")
                + (errors.count > Self.listed ? "\n  … and \(errors.count - Self.listed) more" : "")
        }
    }

    /// How many failing clients a `--keep-going` run lists.
    public static let listed = 20

    /// The Lua traceback, when the error came from Lua.
    public var traceback: String? {
        if case .hook(_, _, _, _, let tb) = self { return tb }
        return nil
    }
}
