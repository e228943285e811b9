import CXLSXWriter
import Foundation

/// A workbook written row by row in libxlsxwriter's constant-memory mode: each sheet's rows go
/// to a temporary file in `temporaryFolder` (on the same disk as the bundle, never in a RAM
/// /tmp), so that a table of millions of rows costs no more memory than one row.
/// The only owner of the workbook handle, from `workbook_new_opt` to `workbook_close`.
final class StreamingWorkbook {
    /// Excel's limit, header row included.
    static let maxRows = 1_048_576
    let path: String
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let bold: UnsafeMutablePointer<lxw_format>?
    private var sheet: UnsafeMutablePointer<lxw_worksheet>?
    private var row: lxw_row_t = 0
    private var header: [String] = []
    private var title = ""
    private var part = 1
    private var sheetNames = Set<String>()

    init(path: String, temporaryFolder: String) throws {
        self.path = path
        var options = lxw_workbook_options()
        options.constant_memory = 1
        options.use_zip64 = 1
        workbook = temporaryFolder.withCString { folder in
            options.tmpdir = UnsafeMutablePointer(mutating: folder)
            return workbook_new_opt(path, &options)
        }
        guard let workbook else { throw SystemError("không tạo được bảng tính \(path)") }
        bold = workbook_add_format(workbook)
        format_set_bold(bold)
    }

    deinit { if let workbook { workbook_close(workbook) } }

    /// Starts a sheet; a table longer than Excel allows continues on "title (2)", "title (3)"….
    func startSheet(_ title: String, header: [String]) {
        self.title = title
        self.header = header
        part = 1
        newSheet()
    }

    private func newSheet() {
        // A sheet's name may not hold [ ] : * ? / \ (libxlsxwriter then makes no sheet at all).
        var name = String((part == 1 ? title : "\(title) (\(part))").filter { !"[]:*?/\\".contains($0) }.prefix(31))
        while sheetNames.contains(name) { name = String(name.prefix(28)) + " \(sheetNames.count)" }
        sheetNames.insert(name)
        sheet = workbook_add_worksheet(workbook, name)
        for (column, text) in header.enumerated() {
            worksheet_write_string(sheet, 0, lxw_col_t(column), text, bold)
        }
        row = 1
    }

    func text(_ column: Int, _ value: String) {
        // A string cell is always shown as text: a spreadsheet never runs it as a formula.
        worksheet_write_string(sheet, row, lxw_col_t(column), value, nil)
    }

    func number(_ column: Int, _ value: Double) {
        worksheet_write_number(sheet, row, lxw_col_t(column), value, nil)
    }

    func endRow() {
        row += 1
        if Int(row) >= StreamingWorkbook.maxRows {
            part += 1
            newSheet()
        }
    }

    /// Writes the file; after this the handle is gone.
    func close() throws {
        guard let open = workbook else { return }
        workbook = nil
        let result = workbook_close(open)
        guard result == LXW_NO_ERROR else {
            throw SystemError("không ghi được bảng tính \(path): \(String(cString: lxw_strerror(result))) (đĩa đầy?)")
        }
    }
}
