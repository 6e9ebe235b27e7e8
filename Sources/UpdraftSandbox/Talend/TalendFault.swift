/// A fault the Talend stand-in answers instead of its normal response, before authentication, as a failing
/// gateway would: 5xx/429 bursts with `Retry-After`, an HTML page where JSON was due, huge, endless or trickling
/// bodies. Error statuses carry Talend's `ErrorResponse` body.
///
/// ```swift
/// simulator.injectFault(.unavailable(path: "/processing/executions/*", count: 3, method: "GET"))  // 3 polls fail
/// simulator.injectFault(.notJSON(path: "/processing/executions/*", count: 100, method: "GET"))
/// ```
public typealias TalendFault = SandboxHTTPFault
