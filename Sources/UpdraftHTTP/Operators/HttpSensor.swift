public import Updraft
import Logging
import UpdraftCurl

/// Pokes an HTTP endpoint until `responseCheck` is satisfied (Airflow's `HttpSensor`, airflow-anchor §3.4).
///
/// A 2xx/3xx answer without a check is success; an answer whose status is in `responseErrorCodesAllowlist`
/// (default 404) means "not yet"; any other error status fails the try. Waits between pokes go through the
/// context's clock: `pokeInterval`, doubled after each poke with `exponentialBackoff` (capped by `maxWait`).
/// After `timeout` the task fails without retry, or is skipped with `softFail`. A configuration error (unknown or
/// malformed connection, 401/403) fails it at once, without retries.
///
/// ```swift
/// dag.task("wait_for_export", HttpSensor(endpoint: "/exports/today", httpConnID: "files_api",
///                                        responseCheck: { $0.bodyText.contains("ready") },
///                                        pokeInterval: .seconds(30), timeout: .hours(2)))
/// ```
public struct HttpSensor: Operator {
    public static var operatorName: String { "HttpSensor" }

    /// The path appended to the connection's base URL.
    public var endpoint: String
    /// The connection id (default `http_default`).
    public var httpConnID: String
    /// The method (default `GET`).
    public var method: String
    /// The query of a GET (the body of other methods).
    public var requestParams: HTTPData?
    /// Headers that win over the connection's.
    public var headers: [String: String]
    /// Statuses that mean "not yet" rather than failure (default 404; empty = every error fails).
    public var responseErrorCodesAllowlist: Set<Int>
    /// Decides whether the response means done; nil = any successful response.
    public var responseCheck: SimpleHttpOperator.ResponseCheck?
    /// Request options that win over the connection's.
    public var extraOptions: [String: JSONValue]
    /// The wait between pokes (default 60 s).
    public var pokeInterval: Duration
    /// How long to poke before giving up (default 7 days, Airflow's `[sensors] default_timeout`).
    public var timeout: Duration
    /// Skip the task instead of failing it when `timeout` is reached.
    public var softFail: Bool
    /// Double the wait after each unsuccessful poke.
    public var exponentialBackoff: Bool
    /// The longest wait between pokes with `exponentialBackoff`.
    public var maxWait: Duration?
    /// Retries of each poke's request on transport errors and 429/5xx.
    public var retry: HTTPRetryPolicy

    /// Creates the sensor; the parameters are Airflow's, in Swift form.
    public init(
        endpoint: String, httpConnID: String = "http_default", method: String = "GET", requestParams: HTTPData? = nil,
        headers: [String: String] = [:], responseErrorCodesAllowlist: Set<Int> = [404],
        responseCheck: SimpleHttpOperator.ResponseCheck? = nil, extraOptions: [String: JSONValue] = [:],
        pokeInterval: Duration = .seconds(60), timeout: Duration = .days(7), softFail: Bool = false,
        exponentialBackoff: Bool = false, maxWait: Duration? = nil, retry: HTTPRetryPolicy = .default
    ) {
        self.endpoint = endpoint
        self.httpConnID = httpConnID
        self.method = method
        self.requestParams = requestParams
        self.headers = headers
        self.responseErrorCodesAllowlist = responseErrorCodesAllowlist
        self.responseCheck = responseCheck
        self.extraOptions = extraOptions
        self.pokeInterval = pokeInterval
        self.timeout = timeout
        self.softFail = softFail
        self.exponentialBackoff = exponentialBackoff
        self.maxWait = maxWait
        self.retry = retry
    }

    public func execute(context: TaskContext) async throws -> JSONValue? {
        try await failingAtOnceWhenPermanent { try await pokeUntilDone(context: context) }
    }

    /// Pokes until the check passes or the sensor times out.
    private func pokeUntilDone(context: TaskContext) async throws -> JSONValue? {
        let hook = try context.httpHook(connID: httpConnID)
        var request = HTTPHookRequest(
            method: HTTPMethod(method.uppercased()), endpoint: endpoint,
            headers: HTTPHeaders(headers.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }),
            extraOptions: extraOptions, retry: retry)
        HTTPHeaderMasking.register(request.headers, with: context.masker)
        requestParams?.apply(to: &request)
        let deadline = context.clock.now().adding(timeout)
        var pokes = 0
        while true {
            pokes += 1
            context.logger.info("Poking: \(endpoint)")
            if try await poke(hook, request, context: context) {
                context.logger.info("Success criteria met after \(pokes) poke\(pokes == 1 ? "" : "s")")
                return nil
            }
            let now = context.clock.now()
            guard now < deadline else {
                let message = "Sensor has timed out; run duration of \(timeout.inSeconds) s exceeded (\(pokes) pokes)"
                if softFail { throw SkipTask(message) }
                throw FailWithoutRetry(message)
            }
            let wait = nextWait(afterPoke: pokes)
            try await context.clock.sleep(until: min(now.adding(wait), deadline))
        }
    }

    /// One poke: true when done.
    private func poke(_ hook: any HTTPHook, _ request: HTTPHookRequest, context: TaskContext) async throws -> Bool {
        let response: HTTPResponse
        do {
            response = try await hook.run(request, logger: context.logger)
        } catch let error as HTTPStatusError where responseErrorCodesAllowlist.contains(error.status) {
            context.logger.info("Not yet: \(error.status):\(error.reason)")
            return false
        }
        return try responseCheck?(response) ?? true
    }

    /// The wait after poke `poke` (1-based): constant, or doubling from `pokeInterval` up to `maxWait`.
    func nextWait(afterPoke poke: Int) -> Duration {
        guard exponentialBackoff else { return pokeInterval }
        let base = max(pokeInterval, .seconds(1))
        let doubled = base * Int(min(1 << min(poke - 1, 30), Int(Int32.max)))
        return maxWait.map { min(doubled, $0) } ?? doubled
    }
}
