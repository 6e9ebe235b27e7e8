public import Updraft

/// Tools for testing DAGs in process: a manual clock, recording mock hooks and `dag.test(...)`.
public enum UpdraftTestingInfo {
    /// An empty XCom value, handy as a neutral result in tests.
    public static let emptyResult = JSONValue.null
}
