public import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import CoreMetrics
import NIOCore
public import Prometheus
public import ServiceLifecycle
public import Updraft
public import UpdraftService

/// The web UI (pages: DAG list, grid, run graph and Gantt, task tries, XCom and live logs, with trigger, pause,
/// clear and mark actions) and Airflow-compatible REST API of `serve`, as a service of its swift-service-lifecycle
/// group: it reads and writes runs through the `RunStore` (so any replica's scheduler acts on a trigger, pause or
/// clear) and stops with the group.
///
/// ```swift
/// let web = UpdraftWebServer(configuration: WebServerConfiguration(port: 8080), store: store, dags: dags,
///                            heartbeat: service.heartbeat, masker: masker)
/// let group = ServiceGroup(services: [service, web], logger: logger)
/// ```
public struct UpdraftWebServer: Service {
    /// Where the server listens and who may use it.
    public let configuration: WebServerConfiguration
    let web: WebContext
    let heartbeat: SchedulerHeartbeat?
    let registry: PrometheusCollectorRegistry?
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void
    let tokens: TokenIssuer
    let csrf = CSRFGuard()

    /// A server over `store` for `dags`.
    /// - Parameters:
    ///   - configuration: the address, the users and the body limit.
    ///   - store: the run store the scheduler uses.
    ///   - dags: the DAGs served (their tasks and graphs for the pages; runs of other DAGs still show).
    ///   - heartbeat: the scheduler's heartbeat shown by `/health` (`UpdraftService.heartbeat`); nil when no
    ///     scheduler runs in this process.
    ///   - masker: masks secrets in everything the server answers.
    ///   - logDirectory: where the engine writes task logs (`Engine.Configuration.logDirectory`); nil serves none.
    ///   - metricsRegistry: the registry `/metrics` exposes (see ``bootstrapMetrics()``); nil answers 404.
    ///   - logger: the server's logger.
    ///   - onRunning: called with the bound port once the server listens (useful with port 0).
    public init(configuration: WebServerConfiguration = WebServerConfiguration(), store: any RunStore, dags: [DAG],
                heartbeat: SchedulerHeartbeat? = nil, masker: SecretMasker = SecretMasker(),
                logDirectory: URL? = nil, metricsRegistry: PrometheusCollectorRegistry? = nil,
                logger: Logger = Logger(label: "updraft.web"), onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.configuration = configuration
        self.web = WebContext(store: store, dagsByID: Dictionary(dags.map { ($0.dagID, $0) }, uniquingKeysWith: { a, _ in a }),
                              logDirectory: logDirectory.map(TaskLogDirectory.init(root:)), masker: masker,
                              maxBodySize: configuration.maxBodySize)
        self.heartbeat = heartbeat
        self.registry = metricsRegistry
        self.logger = logger
        self.onRunning = onRunning
        self.tokens = TokenIssuer(lifetime: configuration.auth?.tokenLifetime ?? .seconds(86_400))
    }

    /// Makes swift-prometheus the process's swift-metrics backend (once per process, before any metric is made) and
    /// returns the registry to pass as `metricsRegistry`.
    public static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Serves until the service group shuts down.
    /// - Throws: ``WebServerError/authenticationRequired(host:)`` when binding a non-loopback address without auth;
    ///   the bind error when the port is taken.
    public func run() async throws {
        try checkBinding()
        try await makeApplication().run()
    }

    func checkBinding() throws {
        if !configuration.isLoopback, configuration.auth == nil {
            throw WebServerError.authenticationRequired(host: configuration.host)
        }
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AuthMiddleware(auth: configuration.auth, tokens: tokens))
        AuthRoutes(auth: configuration.auth, tokens: tokens, maxBodySize: configuration.maxBodySize).add(to: router)
        HealthRoutes(web: web, heartbeat: heartbeat, registry: registry, staleAfter: 180).add(to: router)
        APIRoutes(web: web).add(to: router)
        StaticAssets.add(to: router)
        PageRoutes(web: web, csrf: csrf, logger: logger).add(to: router)
        return router
    }

    func makeApplication() -> some ApplicationProtocol {
        let onRunning = self.onRunning
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "Updraft"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
