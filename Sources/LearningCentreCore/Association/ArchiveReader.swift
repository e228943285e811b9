import CArchive
import Foundation

/// Owns one libarchive reader of a `.tar.gz` (gzip and tar only): entries one at a time, each
/// with the type and size its header declares, and its data in pieces. libarchive never hands
/// out more data than the header declares.
final class ArchiveReader {
    struct Entry {
        var path: String
        var isRegularFile: Bool
        var isDirectory: Bool
        /// Nil when the header does not say.
        var size: Int64?
    }

    private let handle: OpaquePointer

    private init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { archive_read_free(handle) }

    /// Opens `path`; a file that is not a gzip-compressed tar is refused in plain words.
    static func open(_ path: String) throws -> ArchiveReader {
        guard let handle = archive_read_new() else { throw SystemError("không đủ bộ nhớ để mở gói") }
        let reader = ArchiveReader(handle)
        archive_read_support_filter_gzip(handle)
        archive_read_support_format_tar(handle)
        guard archive_read_open_filename(handle, path, 1 << 16) == ARCHIVE_OK else { throw BundleArchive.notABundle }
        return reader
    }

    /// The next entry's header, or nil at the end.
    func next() throws -> Entry? {
        var entry: OpaquePointer?
        let result = archive_read_next_header(handle, &entry)
        if result == ARCHIVE_EOF { return nil }
        guard result == ARCHIVE_OK || result == ARCHIVE_WARN, let entry else { throw BundleArchive.notABundle }
        let type = archive_entry_filetype(entry)
        return Entry(path: archive_entry_pathname(entry).map { String(cString: $0) } ?? "",
                     isRegularFile: type == lc_ae_ifreg(), isDirectory: type == lc_ae_ifdir(),
                     size: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil)
    }

    /// Reads the current entry's data into `buffer`; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = archive_read_data(handle, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw BundleArchive.notABundle }
        return count
    }

    /// Passes over the current entry's data.
    func skip() throws {
        guard archive_read_data_skip(handle) == ARCHIVE_OK else { throw BundleArchive.notABundle }
    }

    /// The current entry's whole data, which the caller has bounded by its declared size.
    func readAll(expected: Int) throws -> [UInt8] {
        var data = [UInt8](repeating: 0, count: expected)
        var filled = 0
        while filled < expected {
            let count = try data.withUnsafeMutableBytes { try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if count == 0 { break }
            filled += count
        }
        guard filled == expected else { throw BundleArchive.notABundle }
        return data
    }
}
