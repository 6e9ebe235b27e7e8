import UpdraftCLI

/// `swift run Starter` runs the DAG once with live progress; `--help` lists `test`, `list`, `show`, `report`.
@main struct Starter: DAGExecutable {
    static func makeDAGs() throws -> [DAG] { [try makeStarterDAG()] }
}
