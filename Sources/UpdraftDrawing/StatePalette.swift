public import Updraft

/// The colours of task states in reports, close to the Airflow UI's.
public enum StatePalette {
    /// The fill colour of `state` (CSS hex).
    public static func colour(of state: TaskInstanceState?) -> String {
        switch state {
        case .success: "#2e9e44"
        case .failed: "#d62828"
        case .upForRetry: "#f2b705"
        case .upstreamFailed: "#f28c28"
        case .skipped: "#e0a3f0"
        case .running: "#56c7f0"
        case .queued: "#8c8c8c"
        case .scheduled: "#c9b38a"
        case .removed: "#d3d3d3"
        case .pending, nil: "#eeeeee"
        }
    }

    /// The colour of text drawn on `state`'s colour.
    public static func textColour(on state: TaskInstanceState?) -> String {
        switch state {
        case .success, .failed: "#ffffff"
        default: "#1a1a1a"
        }
    }
}
