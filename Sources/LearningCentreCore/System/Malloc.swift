/// glibc's <malloc.h> tuning calls, which the Glibc module does not import. Both take and
/// return plain C integers, so declaring them by symbol name is ABI-safe.
enum Malloc {
    @_silgen_name("mallopt") private static func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
    @_silgen_name("malloc_trim") private static func malloc_trim(_ pad: Int) -> Int32

    /// M_ARENA_MAX from <malloc.h>.
    private static let arenaMax: Int32 = -8

    static func limitArenas(_ count: Int32) { _ = mallopt(arenaMax, count) }

    /// Returns freed memory at the top of each arena to the system.
    static func trim() { _ = malloc_trim(0) }
}
