import KehuCore
import LuaEngine

/// Playbooks: the `kehu` Lua module over KehuCore, hooks and runs.
///
/// This first cut only makes the sandboxed state a playbook runs in.
public enum KehuPlaybook {
    /// The version of the `kehu` Lua API that playbooks target.
    public static let apiVersion = "0.1"

    /// A sandboxed state with the default limits and a fixed random seed, as every run gets.
    public static func makeState(seed: Int64 = 0, output: ((String) -> Void)? = nil) throws -> LuaState {
        try LuaState(profile: .sandboxed, limits: .default, seed: seed, output: output)
    }
}
