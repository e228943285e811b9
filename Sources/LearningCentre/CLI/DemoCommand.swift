import ArgumentParser
import Foundation
import LearningCentreCore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo",
        abstract: "Điền một xã hư cấu (xã Minh Họa) vào cơ sở dữ liệu trống để dùng thử.")
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Số người học.") var learners: Int = 300

    func validate() throws {
        guard (1...1_000_000).contains(learners) else { throw ValidationError("--learners phải từ 1 đến 1000000.") }
    }

    func run() throws {
        let result = try DemoCommune(learnerCount: learners).fill(dataOptions.openStore())
        printLine("Đã tạo xã minh họa: \(result.villages) thôn, \(result.households) hộ, \(result.learners) người học, "
                  + "\(result.sessions) buổi học, \(result.checkIns) lượt điểm danh trong một năm.")
    }
}
