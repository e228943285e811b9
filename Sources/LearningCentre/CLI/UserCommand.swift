import ArgumentParser
import Foundation

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Tài khoản đăng nhập của cán bộ.",
                                                    subcommands: [Add.self, Passwd.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn.")
        @Argument(help: "Tên đăng nhập.") var name: String
        @Option(help: "manager (quản lý) hoặc staff (cán bộ).") var role: String
        @Flag(help: "Đọc mật khẩu từ đầu vào chuẩn (bắt buộc; không bao giờ ghi mật khẩu trên dòng lệnh).") var passwordStdin = false
        @OptionGroup var dataOptions: DataOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role phải là manager hoặc staff.") }
            guard passwordStdin else { throw ValidationError("cần --password-stdin: mật khẩu đọc từ đầu vào chuẩn.") }
        }

        func run() throws {
            let password = try readPassword()
            let user = try dataOptions.openStore().addUser(username: name, role: Role(rawValue: role)!, password: password)
            printLine("Đã tạo tài khoản \(user.username) (\(user.role)).")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đặt lại mật khẩu (đăng xuất mọi phiên của người đó).")
        @Argument(help: "Tên đăng nhập.") var name: String
        @Flag(help: "Đọc mật khẩu từ đầu vào chuẩn (bắt buộc).") var passwordStdin = false
        @OptionGroup var dataOptions: DataOptions

        func validate() throws {
            guard passwordStdin else { throw ValidationError("cần --password-stdin: mật khẩu đọc từ đầu vào chuẩn.") }
        }

        func run() throws {
            try dataOptions.openStore().setPassword(username: name, password: try readPassword())
            printLine("Đã đặt lại mật khẩu cho \(name).")
        }
    }
}

/// The first line of standard input, without its line ending.
func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIFailure("không đọc được mật khẩu từ đầu vào chuẩn. Ví dụ: printf '%s\\n' 'mật-khẩu' | learning-centre user add ...")
    }
    return line.hasSuffix("\r") ? String(line.dropLast()) : line
}
