import Glibc

/// Names the calling thread for the kernel (`top -H`, `perf`, `/proc/PID/task/*/comm`), which
/// Foundation's `Thread.name` does not reach on Linux. At most 15 bytes are kept.
package enum ThreadName {
    /// glibc's, which the Glibc module does not show (a GNU extension).
    @_silgen_name("pthread_setname_np") private static func setName(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32

    package static func set(_ name: String) {
        _ = setName(pthread_self(), String(decoding: name.utf8.prefix(15), as: UTF8.self))
    }
}
