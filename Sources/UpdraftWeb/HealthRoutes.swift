import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import Updraft
import UpdraftService

/// `/health` (scheduler heartbeat and store status, for deployment probes) and `/metrics` (Prometheus exposition).
struct HealthRoutes: Sendable {
    /// Airflow's `HealthInfoResponse` shape: a status per component.
    struct Health: Encodable, Sendable {
        struct Component: Encodable, Sendable {
            let status: String
            let latest_scheduler_heartbeat: Date?
            let detail: String?
        }

        let metadatabase: Component
        let scheduler: Component
    }

    let web: WebContext
    let heartbeat: SchedulerHeartbeat?
    let registry: PrometheusCollectorRegistry?
    /// A scheduler whose last beat is older than this is reported unhealthy.
    let staleAfter: TimeInterval

    func add(to router: Router<BasicRequestContext>) {
        router.get("health") { _, _ in try await health() }
        router.get("metrics") { _, _ in
            guard let registry else { throw APIError(.notFound, "metrics are not collected by this server") }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private func health() async throws -> Response {
        let database: Health.Component
        do {
            _ = try await web.store.dags()
            database = .init(status: "healthy", latest_scheduler_heartbeat: nil, detail: nil)
        } catch {
            database = .init(status: "unhealthy", latest_scheduler_heartbeat: nil,
                             detail: web.masker.mask(String(describing: error)))
        }
        let scheduler: Health.Component
        if let heartbeat {
            let beat = heartbeat.lastBeat
            let fresh = beat.map { Date().timeIntervalSince($0) < staleAfter } ?? false
            scheduler = .init(status: heartbeat.isRunning && fresh ? "healthy" : "unhealthy",
                              latest_scheduler_heartbeat: beat, detail: heartbeat.lastError)
        } else {
            scheduler = .init(status: "unhealthy", latest_scheduler_heartbeat: nil, detail: "no scheduler in this process")
        }
        let healthy = database.status == "healthy" && scheduler.status == "healthy"
        return try JSONResponse.make(Health(metadatabase: database, scheduler: scheduler),
                                     status: healthy ? .ok : .serviceUnavailable)
    }
}
