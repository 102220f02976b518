// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "citus-sim",
    products: [
        .library(name: "SQLParser", targets: ["SQLParser"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "ShardRouter", targets: ["ShardRouter"]),
        .executable(name: "citus-sim", targets: ["citus-sim"]),
    ],
    targets: [
        .target(name: "SQLParser", exclude: ["README.md"]),
        .target(name: "Engine", dependencies: ["SQLParser"], exclude: ["README.md"]),
        .target(name: "ShardRouter", dependencies: ["Engine", "SQLParser"], exclude: ["README.md"]),
        .executableTarget(name: "citus-sim", dependencies: ["ShardRouter"], exclude: ["README.md"]),
        .testTarget(name: "SQLParserTests", dependencies: ["SQLParser"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "SQLParser"]),
        .testTarget(name: "ShardRouterTests", dependencies: ["ShardRouter", "Engine"]),
        .testTarget(name: "CLITests", dependencies: ["citus-sim"]),
        .testTarget(name: "GoldenTests", dependencies: ["citus-sim"]),
    ]
)
