// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Kehu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kehu", targets: ["kehu"]),
        .library(name: "LuaEngine", targets: ["LuaEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Debian's liblua5.4 through pkg-config; the shim header re-exports the macros Swift cannot import.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The C that must be C (allocator, hook, trampoline, guarded pcall, pattern bound,
        // ordered iteration), as real .c files split by concern.
        .target(name: "CLuaSupport", dependencies: ["CLua"]),
        .target(name: "LuaEngine", dependencies: ["CLua", "CLuaSupport"]),
        .target(name: "KehuCore", dependencies: [.product(name: "GRDB", package: "GRDB.swift"),
                                                 .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "KehuPlaybook", dependencies: ["KehuCore", "LuaEngine"], plugins: ["EmbedPlugins"]),
        // The shipped playbooks and scripts (Plugins/) built into KehuPlaybook, so that a
        // kehu binary copied anywhere carries them.
        .executableTarget(name: "EmbedPluginsTool", path: "BuildTools/EmbedPluginsTool"),
        .plugin(name: "EmbedPlugins", capability: .buildTool(), dependencies: ["EmbedPluginsTool"], path: "BuildTools/EmbedPlugins"),
        .executableTarget(
            name: "kehu",
            dependencies: [
                "LuaEngine", "KehuCore", "KehuPlaybook", "CEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "LuaBench",
            dependencies: ["LuaEngine", "CLua"],
            path: "Benchmarks/LuaBench"
        ),
        .executableTarget(
            name: "PlaybookBench",
            dependencies: ["KehuPlaybook", "KehuCore", "LuaEngine"],
            path: "Benchmarks/PlaybookBench"
        ),
        .testTarget(name: "LuaEngineTests", dependencies: ["LuaEngine", "CLua"]),
        .testTarget(name: "KehuCoreTests", dependencies: ["KehuCore"]),
        .testTarget(name: "KehuPlaybookTests", dependencies: ["KehuPlaybook"]),
        .testTarget(name: "KehuTests", dependencies: ["kehu"]),
    ],
    swiftLanguageModes: [.v6]
)
