import UpdraftCLI

/// The first DAG of the demo: `swift run HelloDAG` runs it with live progress; `swift run HelloDAG --help` shows
/// everything else the executable can do (`test`, `list`, `show`, `report`).
@main struct HelloDAG: DAGExecutable {
    static func makeDAGs() throws -> [DAG] { [try helloDAG()] }
}
