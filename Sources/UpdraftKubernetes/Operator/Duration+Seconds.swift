extension Duration {
    /// `90 s`, `1.5 s`: for messages.
    var secondsText: String {
        let (seconds, attoseconds) = components
        guard attoseconds != 0 else { return "\(seconds) s" }
        let millis = Double(seconds) + Double(attoseconds / 1_000_000_000_000_000) / 1000
        return "\(millis) s"
    }

    /// Whole seconds for an API field, rounded up (a grace period is never cut short) and never negative.
    var apiSeconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let whole = attoseconds > 0 ? seconds + 1 : seconds
        return whole > Int64(Int32.max) ? Int(Int32.max) : Int(whole)
    }
}
