import Foundation
import LearningCentreCore

extension Handlers {
    var outbox: String { config.outbox ?? (store.dataDirectory as NSString).appendingPathComponent("outbox") }

    func registerExportRoutes(_ router: inout Router) {
        router.add("GET", "/api/exports", .manager,
                   RouteDoc("Các gói đã xuất cho Hội Khuyến học, mới nhất trước, với tình trạng gửi", query: ["limit"],
                            response: "ExportList")) { [unowned self] ctx in
            let limit = min(max(Int(ctx.request.query["limit"] ?? "") ?? 50, 1), 500)
            return .json(Page(items: try store.exports(limit: limit), next: nil))
        }
        router.add("POST", "/api/exports", .manager,
                   RouteDoc("""
                            Xuất một gói ngay (phần thay đổi, hoặc toàn bộ với full: true), rồi gửi đi: 201 với gói đã xong; \
                            202 với gói đang ghi (status writing) khi lâu hơn vài giây, xem tiến độ ở GET /api/exports/{id}
                            """, request: "ExportRequest", response: "Export", status: 201, alsoStatus: [202])) { [unowned self] ctx in
            let full = ctx.request.body.isEmpty ? false : try ctx.body(allowed: ["full"]).bool("full") ?? false
            let job = ExportJob()
            let (store, outbox, delivery, logger) = (store, outbox, Delivery(store: store, usbRoots: config.usbRoots), logger)
            let user = ctx.user?.username ?? "?"
            // The export runs on a thread of its own: a request thread waits for it a few seconds
            // only (a centre's usual bundle), never the 25 s of a bundle of two million check-ins.
            Thread.detachNewThread {
                job.finish(Result { try store.runExport(outbox: outbox, full: full, requestedBy: user, started: job.start) })
                if case .success? = job.outcome { for line in delivery.run() { logger.info("\(line)") } }
            }
            switch job.wait(seconds: config.jobAnswerSeconds) {
            case .finished(.success(let record)): return .json(record, status: 201)
            case .finished(.failure(let error as SystemError)): throw HTTPError(503, "export_failed", "Chưa xuất được: \(error.description)")
            case .finished(.failure(let error)): throw error
            case .running(let record): return .json(record, status: 202)
            }
        }
        router.add("GET", "/api/exports/{id}", .manager,
                   RouteDoc("Một gói: tình trạng, lỗi, cách gửi và các tệp", response: "ExportDetail")) { [unowned self] ctx in
            guard let record = try store.export(id: ctx.param("id")) else { throw HTTPError.notFound("gói xuất này") }
            let manifest = FileManager.default.contents(atPath: (record.folder as NSString).appendingPathComponent(BundleManifest.fileName))
                .flatMap { try? JSONDecoder().decode(BundleManifest.self, from: $0) }
            return .json(ExportDetail(record: record, manifest: manifest))
        }
        router.add("GET", "/api/exports/{id}/bundle.tar.gz", .manager,
                   RouteDoc("Tải gói (.tar.gz) để chép tay", response: "binary")) { [unowned self] ctx in
            guard let record = try store.export(id: ctx.param("id")), record.status == .ready,
                  let data = FileManager.default.contents(atPath: record.tarballPath) else {
                throw HTTPError.notFound("tệp của gói này (gói chưa xong, lỗi hoặc đã được dọn)")
            }
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/gzip"),
                                                       ("Content-Disposition", "attachment; filename=\"\(record.name).tar.gz\"")], body: [UInt8](data))
        }
        router.add("GET", "/api/settings", .staff,
                   RouteDoc("Tên trung tâm, tên và mã xã, và cách gửi dữ liệu cho Hội Khuyến học", response: "Settings")) { [unowned self] _ in
            .json(SettingsAnswer(settings: try store.settings()))
        }
        router.add("PATCH", "/api/settings", .manager,
                   RouteDoc("Sửa tên trung tâm, xã, địa chỉ gửi, số ngày giữ gói, các cột cá nhân được gửi, giờ bật màn hình điểm danh, múi giờ của trung tâm, tên Hội Khuyến học và Chủ tịch Hội, hạn và nơi nhận báo cáo năm", request: "SettingsPatch",
                            response: "Settings")) { [unowned self] ctx in
            let body = try ctx.body(allowed: ["centreName", "communeName", "communeCode", "pushUrl", "retentionDays", "learnerColumns",
                                              "kioskOpensAt", "kioskClosesAt", "timeZone", "kioskSound", "associationName",
                                              "associationChair", "reportDeadline", "reportRecipients"])
            var settings = try store.settings()
            try Self.reportSettings(body, into: &settings, [("centreName", \.centreName), ("communeName", \.communeName),
                                                            ("communeCode", \.communeCode), ("associationName", \.associationName),
                                                            ("associationChair", \.associationChair), ("reportRecipients", \.reportRecipients)])
            if body.has("reportDeadline") {
                settings.reportDeadline = try body.string("reportDeadline").flatMap { try Self.monthDay($0) }
            }
            if body.has("pushUrl") {
                let address = try body.string("pushUrl")?.trimmingCharacters(in: .whitespaces)
                if let address, !address.isEmpty {
                    guard address.count <= 500, let url = URL(string: address), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                        throw HTTPError.invalid("pushUrl", "Địa chỉ gửi phải bắt đầu bằng http:// hoặc https://, ví dụ http://hoi-khuyen-hoc.local:8090")
                    }
                    settings.pushURL = address
                } else { settings.pushURL = nil }
            }
            if body.has("retentionDays") {
                guard let days = try body.int("retentionDays"), (7...3650).contains(days) else {
                    throw HTTPError.invalid("retentionDays", "Số ngày giữ gói phải từ 7 đến 3650.")
                }
                settings.retentionDays = days
            }
            if body.has("learnerColumns") {
                guard case .array(let items)? = body.fields["learnerColumns"] else {
                    throw HTTPError.invalid("learnerColumns", "Cần một danh sách, ví dụ [\"phone\"].")
                }
                let names = items.compactMap(\.stringValue)
                guard names.count == items.count else { throw HTTPError.invalid("learnerColumns", "Cần một danh sách tên cột.") }
                if let bad = names.first(where: { !ExportTable.optionalLearnerColumns.contains($0) }) {
                    throw HTTPError.invalid("learnerColumns", "Cột \"\(bad.prefix(30))\" không thể chọn; chỉ chọn được: \(ExportTable.optionalLearnerColumns.joined(separator: ", ")).")
                }
                settings.learnerColumns = ExportTable.optionalLearnerColumns.filter(names.contains)
            }
            for (key, path) in [("kioskOpensAt", \CentreSettings.kioskOpensAt), ("kioskClosesAt", \.kioskClosesAt)] where body.has(key) {
                let time = try body.string(key)?.trimmingCharacters(in: .whitespaces)
                if let time, !time.isEmpty {
                    guard let minute = CentreRules.minute(of: time) else {
                        throw HTTPError.invalid(key, "Giờ phải có dạng HH:MM, ví dụ 06:30 hoặc 21:00.")
                    }
                    settings[keyPath: path] = String(format: "%02d:%02d", minute / 60, minute % 60)
                } else { settings[keyPath: path] = nil }
            }
            if body.has("kioskSound") {
                guard let on = try body.bool("kioskSound") else { throw HTTPError.invalid("kioskSound", "Cần true (có tiếng) hoặc false (tắt tiếng).") }
                settings.kioskSound = on ? nil : "off"
            }
            if body.has("timeZone") {
                let name = try body.string("timeZone")?.trimmingCharacters(in: .whitespaces)
                if let name, !name.isEmpty {
                    guard CentreZone.isKnown(name) else {
                        throw HTTPError.invalid("timeZone", "Không biết múi giờ \"\(name.prefix(60))\". Dùng tên IANA, ví dụ Asia/Ho_Chi_Minh (giờ Việt Nam).")
                    }
                    settings.timeZone = name
                } else { settings.timeZone = nil }
            }
            try store.saveSettings(settings, actor: ctx.user)
            return .json(SettingsAnswer(settings: try store.settings()))
        }
    }

    /// "MM-DD" of a day every year has (not 29 February), or nil when empty.
    static func monthDay(_ text: String) throws -> String? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard text.count == 5, Day("2001-\(text)") != nil else {
            throw HTTPError.invalid("reportDeadline", "Hạn nộp báo cáo ghi dạng tháng-ngày, ví dụ 11-15 (15 tháng 11).")
        }
        return text
    }

    /// The names a report prints and its recipients, as a centre's or a province's settings keep
    /// them: each key present in `body` checked and set (null or empty: back to its default).
    static func reportSettings<S>(_ body: Fields, into settings: inout S, _ keys: [(String, WritableKeyPath<S, String?>)]) throws {
        for (key, path) in keys where body.has(key) {
            switch key {
            case "associationChair":
                let chair = try body.string(key)?.trimmingCharacters(in: .whitespaces) ?? ""
                settings[keyPath: path] = chair.isEmpty ? nil : try TextRules.name(key, chair)
            case "reportRecipients":
                settings[keyPath: path] = try recipients(body.fields[key])
            default:
                settings[keyPath: path] = try TextRules.text(key, try body.string(key), max: 200)
            }
        }
    }

    /// One to eight recipients, each a line of at most 200 characters; null or [] for the defaults.
    static func recipients(_ value: JSONValue?) throws -> String? {
        guard let value, value != .null else { return nil }
        let wrong = HTTPError.invalid("reportRecipients", "Nơi nhận là một danh sách (tối đa 8 dòng), ví dụ [\"UBND xã Tân Lập\", \"Hội Khuyến học tỉnh\", \"Lưu: VT\"].")
        guard case .array(let items) = value, items.count <= 8 else { throw wrong }
        let lines = try items.map { item -> String in
            guard let text = item.stringValue else { throw wrong }
            guard let line = try TextRules.text("reportRecipients", text, max: 200), !line.contains("\n") else { throw wrong }
            return line
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// The centre's settings as the manager's page edits them, with what they choose from.
struct SettingsAnswer: JSONShape {
    var settings: CentreSettings

    static let schemaName = "Settings"
    static let fields: [ShapeField<SettingsAnswer>] = [
        // The association's name and the recipients as set (null: the defaults named after the commune, which follow it).
        .nullableString("associationChair", \.settings.associationChair),
        .nullableString("associationName", \.settings.associationName),
        .nullableString("centreName", \.settings.centreName),
        .nullableString("communeCode", \.settings.communeCode),
        .nullableString("communeName", \.settings.communeName),
        .string("kioskClosesAt", \.settings.kioskHours.closesAt),
        .string("kioskOpensAt", \.settings.kioskHours.opensAt),
        .bool("kioskSound", \.settings.kioskSoundOn),
        .strings("learnerColumns", \.settings.learnerColumns),
        .strings("optionalLearnerColumns", { _ in ExportTable.optionalLearnerColumns }),
        .nullableString("pushUrl", \.settings.pushURL),
        .string("reportDeadline", \.settings.deadline),
        .nullableStrings("reportRecipients", \.settings.recipientsSet),
        .int("retentionDays", \.settings.retentionDays),
        .string("timeZone", \.settings.zoneIdentifier),
        .string("usbMarker", { _ in Delivery.usbMarker }),
    ]
}
