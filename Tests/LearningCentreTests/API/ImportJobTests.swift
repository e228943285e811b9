import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// A list that takes longer than the request waits is answered 202 while it is imported, and the
/// page asks after it until it has the same answer the request would have given. Here the request
/// waits no time at all, so the first answer is 202 unless the import was quicker still.
@Suite struct ImportJobTests {
    func poll(_ centre: TestCentre, _ first: HTTPResponse, login: TestCentre.Login) throws -> HTTPResponse {
        var answer = first
        guard answer.status == 202 else { return answer }
        let id = try #require(answer.json["id"]?.stringValue)
        #expect(answer.header("Location") == "/api/learners/import/\(id)")
        #expect(answer.json["status"]?.stringValue == "running")
        // Up to five minutes, however loaded the machine: what is tested is the answer, not the time.
        for _ in 0..<12_000 where answer.status == 202 {
            usleep(25_000)
            answer = centre.send("GET", "/api/learners/import/\(id)", login: login)
        }
        return answer
    }

    /// Imports two lines (the second's birth year as given) on a centre whose requests never wait
    /// for a job, and asks after the import until its answer.
    func importTwo(secondBorn: String) throws -> (TestCentre, TestCentre.Login, HTTPResponse) {
        let centre = try TestCentre(configure: { $0.jobAnswerSeconds = 0 })
        let login = try centre.login()
        _ = try centre.village("Thôn Đồi Thông", login: login)
        let csv = "fullName,gender,birthYear,village\nNguyễn Thị Lan,female,1960,Thôn Đồi Thông\nLê Văn Hùng,male,\(secondBorn),Thôn Đồi Thông\n"
        let first = centre.send("POST", "/api/learners/import", body: Array(csv.utf8), contentType: "text/csv", login: login)
        #expect(first.status == 202 || first.status == 200 || first.status == 422, "\(first.bodyText)")
        return (centre, login, try poll(centre, first, login: login))
    }

    @Test func aLongImportIsAskedAfterUntilItsReport() throws {
        let (centre, login, answer) = try importTwo(secondBorn: "1955")
        #expect(answer.status == 200, "\(answer.bodyText)")
        #expect(answer.json["created"]?.numberValue == 2)
        #expect(centre.send("GET", "/api/learners?q=lan", login: login).json["items"]?.arrayValue?.count == 1)
    }

    @Test func aRejectedListIsToldWhenAskedAfter() throws {
        let (centre, login, answer) = try importTwo(secondBorn: "năm ấy")
        #expect(answer.status == 422, "\(answer.bodyText)")
        #expect(answer.json["error"]?["code"]?.stringValue == "import_rejected")
        #expect(answer.json["error"]?["report"]?["rejected"]?.arrayValue?.first?["line"]?.numberValue == 3)
        #expect(centre.send("GET", "/api/learners?q=lan", login: login).json["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func anUnknownImportIsNotFound() throws {
        let centre = try TestCentre()
        let login = try centre.login()
        let answer = centre.send("GET", "/api/learners/import/\(RecordID.new())", login: login)
        #expect(answer.status == 404)
        #expect(answer.json["error"]?["message"]?.stringValue?.contains("20 lần") == true)
    }

    /// The job's own answers, without timing: running once it has shown its id; its outcome once ended.
    @Test func anImportJobAnswersWithWhatIsKnown() throws {
        let jobs = ImportJobs()
        let (id, job) = jobs.add()
        job.start(id)
        guard case .running(let seen)? = jobs.job(id)?.now() else { Issue.record("not running"); return }
        #expect(seen == id)
        job.finish(.success(LearnerImport.Report(committed: true, created: 0, createdIds: [], duplicates: [], rejected: [])))
        guard case .finished(.success(let report)) = job.wait(seconds: 0) else { Issue.record("not finished"); return }
        #expect(report.committed)
    }
}
