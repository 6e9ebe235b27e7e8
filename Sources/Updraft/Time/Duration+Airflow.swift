public import Foundation

extension Duration {
    /// A duration of `minutes` minutes, as Airflow's `timedelta(minutes=…)`.
    public static func minutes(_ minutes: some BinaryInteger) -> Duration { .seconds(Int64(minutes) * 60) }

    /// A duration of `hours` hours, as Airflow's `timedelta(hours=…)`.
    public static func hours(_ hours: some BinaryInteger) -> Duration { .seconds(Int64(hours) * 3600) }

    /// A duration of `days` days, as Airflow's `timedelta(days=…)`.
    public static func days(_ days: some BinaryInteger) -> Duration { .seconds(Int64(days) * 86_400) }

    /// The duration in seconds, with sub-second precision.
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration as a Foundation `TimeInterval`.
    public var timeInterval: TimeInterval { inSeconds }
}

extension Date {
    /// `self` moved forward by `duration`.
    public func adding(_ duration: Duration) -> Date { addingTimeInterval(duration.inSeconds) }
}
