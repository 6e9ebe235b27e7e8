import Foundation

/// Airflow's retry-delay formula (`TaskInstance.next_retry_datetime`).
///
/// Without backoff the delay is `retryDelay`. With a multiplier `m` (not 0 or 1) the base is
/// `max(1, ceil(retryDelay × m^(tryNumber−1)))` seconds plus a deterministic jitter in `[0, base)` derived from
/// SHA-1 of `"dagID#taskID#logicalDate#tryNumber"`, capped at 24 h and then at `maxRetryDelay`.
public enum RetryDelay {
    /// The hard cap Airflow applies to exponential delays (`[core] max_task_retry_delay`).
    public static let hardCap: Duration = .seconds(86_400)

    /// The delay before the try after `tryNumber` (1-based) of a task.
    /// - Parameters:
    ///   - retryDelay: the task's `retryDelay`.
    ///   - exponentialBackoff: the backoff multiplier; 0 or 1 means no backoff.
    ///   - maxRetryDelay: the task's `maxRetryDelay`, the last cap.
    ///   - dagID: the DAG id, hashed into the jitter.
    ///   - taskID: the task id, hashed into the jitter.
    ///   - logicalDate: the run's logical date, rendered as Airflow renders it in the hash (ISO 8601).
    ///   - tryNumber: the 1-based try that just failed.
    public static func delay(
        retryDelay: Duration, exponentialBackoff: Double, maxRetryDelay: Duration?,
        dagID: String, taskID: String, logicalDate: String, tryNumber: Int
    ) -> Duration {
        guard exponentialBackoff > 0, exponentialBackoff != 1 else { return retryDelay }
        let scaled = retryDelay.inSeconds * pow(exponentialBackoff, Double(max(tryNumber - 1, 0)))
        let cap = hardCap.inSeconds
        let minBackoff = max(1, scaled.isFinite ? min(ceil(scaled), cap) : cap)
        let digest = SHA1.digest(Array("\(dagID)#\(taskID)#\(logicalDate)#\(tryNumber)".utf8))
        let jitter = Double(hashModulo(digest, UInt64(minBackoff)))
        var seconds = min(minBackoff + jitter, cap)
        if let maxRetryDelay { seconds = min(seconds, maxRetryDelay.inSeconds) }
        return .seconds(seconds)
    }

    /// `int(digest_hex, 16) % modulus`, computed over the big-endian digest bytes without big integers.
    static func hashModulo(_ digest: [UInt8], _ modulus: UInt64) -> UInt64 {
        guard modulus > 1 else { return 0 }
        var remainder: UInt64 = 0
        for byte in digest {
            remainder = UInt64((UInt128(remainder) << 8 | UInt128(byte)) % UInt128(modulus))
        }
        return remainder
    }
}
