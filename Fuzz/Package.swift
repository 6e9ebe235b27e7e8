// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for Updraft's parsers (see Documentation/Fuzzing.md). Built by `scripts/fuzz.sh` with
// `swift build -c release --sanitize=fuzzer`: libFuzzer supplies `main`, so the executable is compiled as a
// library (`-parse-as-library`) and only defines `LLVMFuzzerTestOneInput`. Every target reaches the parsers
// through public API (and `@_spi(Fuzzing)` for the command line's value parsers), never `@testable`.
// `Updraft` is a symlink to `..`: a path dependency takes its identity from its last path component, and the
// checkout's own directory name (whatever a clone is called) could clash with this package's.
let package = Package(
    name: "UpdraftFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "Updraft")],
    targets: [
        .executableTarget(
            name: "updraft-fuzz",
            dependencies: [
                .product(name: "Updraft", package: "Updraft"),
                .product(name: "UpdraftEmail", package: "Updraft"),
                .product(name: "UpdraftKubernetes", package: "Updraft"),
                .product(name: "UpdraftCLI", package: "Updraft"),
                .product(name: "UpdraftPostgres", package: "Updraft"),
                .product(name: "UpdraftWeb", package: "Updraft"),
            ],
            path: "Sources/UpdraftFuzz",
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                .unsafeFlags(["-parse-as-library"]),
            ]),
    ]
)
