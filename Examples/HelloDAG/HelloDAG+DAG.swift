import Logging
import Updraft

/// A reading of a city's temperature, the data the tasks pass along through XCom.
struct Reading: Codable, Sendable {
    var city: String
    var celsius: Double
}

/// A transient failure, as a flaky source raises it on a first try.
struct SourceBusy: Error, CustomStringConvertible {
    var description: String { "the weather source is busy, try again" }
}

/// `extract >>> [to_fahrenheit, hottest] >>> load >>> choose_report >>> [full_report, short_report] >>> notify`:
/// closure tasks passing results through XCom, a task that succeeds on its retry, and a branch whose other side is
/// skipped.
func helloDAG() throws -> DAG {
    try DAG(
        "hello_updraft", description: "Closure tasks, XCom, a retry and a branch",
        defaultArgs: TaskOptions(owner: "data-team", retryDelay: .seconds(1)),
        params: ["cities": ["Paris", "Oslo", "Lima"], "full_report": false], tags: ["example"]
    ) { dag in
        let extract = dag.task("extract") { context -> [Reading] in
            let cities = context.params["cities"]?.arrayValue?.compactMap(\.stringValue) ?? []
            context.logger.info("reading \(cities.count) cities")
            return cities.enumerated().map { Reading(city: $1, celsius: Double(8 + 7 * $0)) }
        }
        let toFahrenheit = dag.task("to_fahrenheit") { context -> [String: Double] in
            let readings = try await context.xcom.pull([Reading].self, from: "extract") ?? []
            return Dictionary(readings.map { ($0.city, $0.celsius * 9 / 5 + 32) }, uniquingKeysWith: { first, _ in first })
        }
        let hottest = dag.task("hottest", options: TaskOptions(retries: 2)) { context -> String in
            if context.tryNumber == 1 {
                context.logger.warning("the source answered 503 on try \(context.tryNumber)")
                throw SourceBusy()
            }
            let readings = try await context.xcom.pull([Reading].self, from: "extract") ?? []
            return readings.max { $0.celsius < $1.celsius }?.city ?? "none"
        }
        let load = dag.task("load") { context -> Int in
            let fahrenheit = try await context.xcom.pull([String: Double].self, from: "to_fahrenheit") ?? [:]
            let city = try await context.xcom.pull(String.self, from: "hottest") ?? "none"
            context.logger.info("loaded \(fahrenheit.count) rows; hottest city: \(city)")
            return fahrenheit.count
        }
        let choose = dag.task("choose_report", BranchOperator { context in
            context.params["full_report"]?.boolValue == true ? ["full_report"] : ["short_report"]
        })
        let full = dag.task("full_report") { context -> String in
            let rows = try await context.xcom.pull(Int.self, from: "load") ?? 0
            return "full report of \(rows) rows"
        }
        let short = dag.task("short_report") { context -> String in
            let city = try await context.xcom.pull(String.self, from: "hottest") ?? "none"
            return "hottest: \(city)"
        }
        let notify = dag.task("notify", options: TaskOptions(triggerRule: .noneFailedMinOneSuccess)) { context in
            context.logger.info("run \(context.runID) done")
        }
        extract >>> [toFahrenheit, hottest] >>> load >>> choose >>> [full, short] >>> notify
    }
}
