import ArgumentParser
import Foundation
import LearningCentreCore
import Glibc

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Tài khoản đăng nhập của cán bộ.",
                                                    subcommands: [Add.self, Passwd.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo tài khoản; mật khẩu đọc từ đầu vào chuẩn.")
        @Argument(help: "Tên đăng nhập.") var name: String
        @Option(help: "manager (quản lý) hoặc staff (cán bộ).") var role: String
        @Flag(help: "Đọc mật khẩu từ đầu vào chuẩn (bắt buộc; không bao giờ ghi mật khẩu trên dòng lệnh).") var passwordStdin = false
        @OptionGroup var storage: AssociationDatabase

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role phải là manager hoặc staff.") }
            guard passwordStdin else { throw ValidationError("cần --password-stdin: mật khẩu đọc từ đầu vào chuẩn.") }
        }

        func run() throws {
            let password = try readPassword()
            let user = try storage.postgres()?.addUser(username: name, role: Role(rawValue: role)!, password: password)
                ?? storage.dataOptions.openStore().addUser(username: name, role: Role(rawValue: role)!, password: password)
            printLine("Đã tạo tài khoản \(user.username) (\(user.role.rawValue)).")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đặt lại mật khẩu (đăng xuất mọi phiên của người đó).")
        @Argument(help: "Tên đăng nhập.") var name: String
        @Flag(help: "Đọc mật khẩu từ đầu vào chuẩn (bắt buộc).") var passwordStdin = false
        @OptionGroup var storage: AssociationDatabase

        func validate() throws {
            guard passwordStdin else { throw ValidationError("cần --password-stdin: mật khẩu đọc từ đầu vào chuẩn.") }
        }

        func run() throws {
            let password = try readPassword()
            if let postgres = try storage.postgres() {
                try postgres.setPassword(username: name, password: password)
            } else {
                try storage.dataOptions.openStore().setPassword(username: name, password: password)
            }
            printLine("Đã đặt lại mật khẩu cho \(name).")
        }
    }
}

/// The password from standard input: typed at a terminal without echo (asked twice), or the
/// first line of a pipe.
func readPassword() throws -> String {
    if isatty(STDIN_FILENO) == 1 {
        let first = try readHidden(prompt: "Mật khẩu: ")
        let second = try readHidden(prompt: "Nhập lại mật khẩu: ")
        guard first == second else { throw CLIFailure("hai lần nhập mật khẩu không giống nhau. Hãy chạy lại lệnh.") }
        return first
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIFailure("không đọc được mật khẩu từ đầu vào chuẩn. Hãy gõ mật khẩu khi được hỏi, hoặc chuyển vào bằng dấu |.")
    }
    return line.hasSuffix("\r") ? String(line.dropLast()) : line
}

private func readHidden(prompt: String) throws -> String {
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var hidden = saved
    hidden.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &hidden)
    defer {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIFailure("chưa nhập mật khẩu.")
    }
    return line
}
