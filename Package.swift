// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares (house style, see Documentation/Contributing.md).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let postgres = Target.Dependency.product(name: "PostgresNIO", package: "postgres-nio")
let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
]

let package = Package(
    name: "Updraft",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Updraft", targets: ["Updraft"]),
        .library(name: "UpdraftCurl", targets: ["UpdraftCurl"]),
        .library(name: "UpdraftHTTP", targets: ["UpdraftHTTP"]),
        .library(name: "UpdraftTalend", targets: ["UpdraftTalend"]),
        .library(name: "UpdraftKubernetes", targets: ["UpdraftKubernetes"]),
        .library(name: "UpdraftEmail", targets: ["UpdraftEmail"]),
        .library(name: "UpdraftTesting", targets: ["UpdraftTesting"]),
        .library(name: "UpdraftMetrics", targets: ["UpdraftMetrics"]),
        .library(name: "UpdraftTracing", targets: ["UpdraftTracing"]),
        .library(name: "UpdraftSandbox", targets: ["UpdraftSandbox"]),
        .library(name: "UpdraftCLI", targets: ["UpdraftCLI"]),
        .library(name: "UpdraftSQLite", targets: ["UpdraftSQLite"]),
        .library(name: "UpdraftService", targets: ["UpdraftService"]),
        .library(name: "UpdraftWeb", targets: ["UpdraftWeb"]),
        .library(name: "UpdraftDrawing", targets: ["UpdraftDrawing"]),
        .library(name: "UpdraftPostgres", targets: ["UpdraftPostgres"]),
        .executable(name: "updraft-sandbox", targets: ["updraft-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // MARK: Transport
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "UpdraftCurl", dependencies: ["CCurl", log], swiftSettings: strictSettings),

        // MARK: Core
        .target(name: "Updraft", dependencies: [log, yams], swiftSettings: strictSettings),
        // SVG drawings of a DAG and a run, shared by the CLI's report and the web UI.
        .target(name: "UpdraftDrawing", dependencies: ["Updraft"], swiftSettings: strictSettings),
        .target(
            name: "UpdraftTesting",
            dependencies: ["Updraft", "UpdraftHTTP", "UpdraftTalend", "UpdraftKubernetes", "UpdraftEmail", log],
            swiftSettings: strictSettings),
        .target(
            name: "UpdraftMetrics",
            dependencies: ["Updraft", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: strictSettings),
        .target(
            name: "UpdraftTracing",
            dependencies: ["Updraft", .product(name: "Tracing", package: "swift-distributed-tracing")],
            swiftSettings: strictSettings),

        // MARK: Run stores
        .target(
            name: "UpdraftSQLite",
            dependencies: ["Updraft", .product(name: "GRDB", package: "GRDB.swift"), log],
            swiftSettings: strictSettings),
        .target(
            name: "UpdraftPostgres",
            dependencies: [
                "Updraft", postgres, .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOCore", package: "swift-nio"), log,
            ],
            swiftSettings: strictSettings),

        // MARK: The scheduler service (serve)
        .target(
            name: "UpdraftService",
            dependencies: [
                "Updraft", log, .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings),

        // MARK: Web UI and REST API (serve)
        .target(
            name: "UpdraftWeb",
            dependencies: [
                "Updraft", "UpdraftDrawing", log, .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"), "UpdraftService",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings),

        // MARK: Operators
        .target(name: "UpdraftHTTP", dependencies: ["Updraft", "UpdraftCurl", log], swiftSettings: strictSettings),
        .target(name: "UpdraftTalend", dependencies: ["Updraft", "UpdraftHTTP", "UpdraftCurl", log], swiftSettings: strictSettings),
        .target(
            name: "UpdraftKubernetes", dependencies: ["Updraft", "UpdraftCurl", log, yams],
            swiftSettings: strictSettings),
        .target(name: "UpdraftEmail", dependencies: ["Updraft", "UpdraftCurl", log], swiftSettings: strictSettings),

        // MARK: Local stand-ins (Talend Cloud, Kubernetes API, SMTP sink)
        .target(name: "UpdraftSandbox", dependencies: nio + [log], swiftSettings: strictSettings),
        .executableTarget(name: "updraft-sandbox", dependencies: ["UpdraftSandbox", log], swiftSettings: strictSettings),

        // MARK: Command line of DAG executables
        .target(
            name: "UpdraftCLI",
            dependencies: ["Updraft", "UpdraftDrawing", "UpdraftMetrics", "UpdraftSQLite", "UpdraftPostgres", "UpdraftService", "UpdraftWeb",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), log],
            swiftSettings: strictSettings),

        // MARK: Examples and benchmarks
        .executableTarget(
            name: "HelloDAG", dependencies: ["Updraft", "UpdraftCLI", log], path: "Examples/HelloDAG",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "TalendAPIJobs", dependencies: ["Updraft", "UpdraftHTTP", "UpdraftCLI"], path: "Examples/TalendAPIJobs",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "TalendAPIJobsWaiting", dependencies: ["Updraft", "UpdraftTalend", "UpdraftCLI"],
            path: "Examples/TalendAPIJobsWaiting", swiftSettings: strictSettings),
        .executableTarget(
            name: "TalendJobs", dependencies: ["Updraft", "UpdraftKubernetes", "UpdraftEmail", "UpdraftCLI"],
            path: "Examples/TalendJobs", swiftSettings: strictSettings),
        .executableTarget(
            name: "TalendPipeline",
            dependencies: ["Updraft", "UpdraftTalend", "UpdraftKubernetes", "UpdraftEmail", "UpdraftCLI"],
            path: "Examples/TalendPipeline", swiftSettings: strictSettings),
        .target(name: "BenchmarkShapes", dependencies: ["Updraft", log], path: "Benchmarks/BenchmarkShapes",
                swiftSettings: strictSettings),
        .executableTarget(
            name: "UpdraftBenchmark", dependencies: ["Updraft", "BenchmarkShapes"], path: "Benchmarks/UpdraftBenchmark",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "CLIBenchmark", dependencies: ["Updraft", "UpdraftCLI", "BenchmarkShapes"],
            path: "Benchmarks/CLIBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "CurlBenchmark", dependencies: ["UpdraftCurl"], path: "Benchmarks/CurlBenchmark",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "EmailBenchmark", dependencies: ["Updraft", "UpdraftEmail", "UpdraftSandbox", log],
            path: "Benchmarks/EmailBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "HTTPBenchmark", dependencies: ["Updraft", "UpdraftHTTP", "UpdraftTalend", "UpdraftSandbox"],
            path: "Benchmarks/HTTPBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "PostgresStoreBenchmark",
            dependencies: ["Updraft", "UpdraftPostgres", "PostgresTestSupport", postgres, log],
            path: "Benchmarks/PostgresStoreBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "ServiceBenchmark",
            dependencies: ["Updraft", "UpdraftService", "UpdraftSQLite", "UpdraftTesting", "BenchmarkShapes", log,
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Benchmarks/ServiceBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "WebBenchmark",
            dependencies: ["Updraft", "UpdraftSQLite", "UpdraftWeb", log,
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Benchmarks/WebBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "SQLiteStoreBenchmark", dependencies: ["Updraft", "UpdraftSQLite", "BenchmarkShapes"],
            path: "Benchmarks/SQLiteStoreBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "PodBenchmark", dependencies: ["Updraft", "UpdraftCurl", "UpdraftKubernetes", "UpdraftSandbox", log],
            path: "Benchmarks/PodBenchmark", swiftSettings: strictSettings),

        // MARK: Tests
        .testTarget(
            name: "UpdraftTests", dependencies: ["Updraft", "UpdraftTesting"], exclude: ["Fixtures"],
            swiftSettings: strictSettings),
        // One conformance suite, run against every RunStore implementation.
        .testTarget(
            name: "RunStoreTests",
            dependencies: ["Updraft", "UpdraftSQLite", "UpdraftPostgres", "PostgresTestSupport", "UpdraftTesting",
                           postgres, log],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftObserversTests",
            dependencies: [
                "UpdraftMetrics", "UpdraftTracing", "Updraft", "UpdraftTesting",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftCurlTests", dependencies: ["UpdraftCurl", "ProcessTestSupport"], exclude: ["Servers"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftHTTPTests",
            dependencies: ["UpdraftHTTP", "UpdraftTesting", "UpdraftSandbox", "FaultTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftTalendTests",
            dependencies: ["UpdraftTalend", "UpdraftTesting", "UpdraftSandbox", "FaultTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftKubernetesTests",
            dependencies: ["UpdraftKubernetes", "UpdraftTesting", "UpdraftSandbox", "UpdraftCLI"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftEmailTests",
            dependencies: ["UpdraftEmail", "UpdraftTesting", "ProcessTestSupport", "FaultTestSupport"],
            exclude: ["Servers"],
            swiftSettings: strictSettings),
        .testTarget(name: "UpdraftTestingTests", dependencies: ["UpdraftTesting"], swiftSettings: strictSettings),
        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "TalendAPIJobs", "TalendAPIJobsWaiting", "TalendJobs", "TalendPipeline", "UpdraftHTTP", "UpdraftTalend",
                "UpdraftKubernetes", "UpdraftEmail", "UpdraftTesting",
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftSandboxTests",
            dependencies: ["UpdraftSandbox", "ProcessTestSupport"],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "updraft-cli-fixture",
            dependencies: ["Updraft", "UpdraftCLI", "UpdraftTalend", "UpdraftKubernetes", log], path: "Tests/UpdraftCLIFixture",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "updraft-crash-fixture",
            dependencies: ["Updraft", "UpdraftCLI", "UpdraftTalend", "UpdraftKubernetes", "UpdraftEmail"],
            path: "Tests/UpdraftCrashFixture", swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftWebTests",
            dependencies: ["Updraft", "UpdraftDrawing", "UpdraftService", "UpdraftWeb", "UpdraftSandbox", "UpdraftSQLite",
                           "ProcessTestSupport", log, .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            exclude: ["Clients"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftServiceTests",
            dependencies: ["Updraft", "UpdraftService", "UpdraftSQLite", "UpdraftTesting", log,
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strictSettings),
        .testTarget(
            name: "UpdraftCLITests",
            dependencies: ["UpdraftCLI", "UpdraftDrawing", "Updraft", "UpdraftSandbox", "UpdraftSQLite", "ProcessTestSupport", log],
            swiftSettings: strictSettings),
        // The container recipe and Kubernetes manifests of Examples/Deployment, parsed and checked against the
        // pod verbs the operator calls; the Dockerfile checked against Package.swift and the Deployment.
        .testTarget(
            name: "DeploymentTests", dependencies: [yams], swiftSettings: strictSettings),
        // Every Swift snippet of README.md, Documentation/ and the DocC catalogs, compiled (and its @Test functions
        // run) by the DocSnippets plugin; see Documentation/Contributing.md.
        .executableTarget(name: "doc-snippets", path: "Plugins/DocSnippetsTool", swiftSettings: strictSettings),
        .plugin(name: "DocSnippets", capability: .buildTool(), dependencies: ["doc-snippets"]),
        .testTarget(
            name: "DocSnippetTests",
            dependencies: [
                "Updraft", "UpdraftCurl", "UpdraftHTTP", "UpdraftTalend", "UpdraftKubernetes", "UpdraftEmail",
                "UpdraftTesting", "UpdraftCLI", "UpdraftMetrics", "UpdraftTracing", "UpdraftSandbox", "UpdraftSQLite",
                "UpdraftPostgres", "UpdraftService", "UpdraftDrawing", "UpdraftWeb",
                "HelloDAG", "TalendAPIJobs", "TalendAPIJobsWaiting", "TalendJobs", "TalendPipeline", "ProcessTestSupport",
                log, .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings, plugins: ["DocSnippets"]),
        // Starting child processes from tests without blocking the cooperative pool (not a product).
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport", swiftSettings: strictSettings),
        // A throwaway PostgreSQL cluster (initdb, pg_ctl) for the tests and benchmarks of the PostgreSQL store.
        .target(
            name: "PostgresTestSupport", dependencies: ["ProcessTestSupport", postgres, log],
            path: "Tests/PostgresTestSupport", swiftSettings: strictSettings),
        // For fault tests: a live run and what a user sees of it (console, run JSON, HTML report), and the Talend
        // stand-in served for a test (not a product).
        .target(
            name: "FaultTestSupport", dependencies: ["Updraft", "UpdraftCLI", "UpdraftSandbox", log],
            path: "Tests/FaultTestSupport", swiftSettings: strictSettings),
        // Issue 17: several `serve` replicas on one PostgreSQL database — the DAG host they run, their tests (each
        // replica a process, kill -9 included) and their benchmark.
        .executableTarget(
            name: "updraft-replica-fixture",
            dependencies: ["Updraft", "UpdraftCLI", "UpdraftTalend", "UpdraftKubernetes", log],
            path: "Tests/UpdraftReplicaFixture", swiftSettings: strictSettings),
        .testTarget(
            name: "ReplicaTests",
            dependencies: ["Updraft", "UpdraftPostgres", "PostgresTestSupport", "ProcessTestSupport", "UpdraftSandbox",
                           postgres, log],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "ReplicaBenchmark",
            dependencies: ["Updraft", "UpdraftPostgres", "PostgresTestSupport", "ProcessTestSupport", postgres, log],
            path: "Benchmarks/ReplicaBenchmark", swiftSettings: strictSettings),
    ]
)
