import Foundation

/// The target this process fuzzes, named by `UPDRAFT_FUZZ_TARGET` (libFuzzer owns the command line). One
/// executable holds every target, so one build serves them all.
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["UPDRAFT_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fatalError("set UPDRAFT_FUZZ_TARGET to one of: \(names) (got '\(name)')")
    }
    return target
}()

/// libFuzzer's entry point: one input, run through the selected target. A crash or a failed oracle
/// (``FuzzInput/require(_:_:)``) stops the process, and libFuzzer saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(FuzzInput(bytes: Array(UnsafeBufferPointer(start: data, count: size))))
    return 0
}
