// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Starter",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Updraft from this repository. `name:` fixes the name products refer to (`package: "Updraft"`);
        // without it SwiftPM names a path dependency after its folder ("updraft" for ../updraft).
        .package(name: "Updraft", path: "../.."),
    ],
    targets: [
        // The DAG and its command line: each operator module brings the core with it.
        .executableTarget(name: "Starter", dependencies: [
            .product(name: "UpdraftHTTP", package: "Updraft"),
            .product(name: "UpdraftKubernetes", package: "Updraft"),
            .product(name: "UpdraftEmail", package: "Updraft"),
            .product(name: "UpdraftCLI", package: "Updraft"),
        ]),
        // Unit tests with mock hooks: UpdraftTesting brings the mocks and every operator module's types.
        .testTarget(name: "StarterTests", dependencies: [
            "Starter",
            .product(name: "UpdraftTesting", package: "Updraft"),
        ]),
    ]
)
