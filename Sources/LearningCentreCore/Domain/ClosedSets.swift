import Foundation

/// A closed set of codes the records use, each with the words people read. The drafts' checks,
/// the OpenAPI document's `enum`s, the reports and the pages (`GET /api/labels`) all read it here.
public protocol ClosedSet: RawRepresentable, CaseIterable, Sendable, Codable where RawValue == String {
    /// As a label on its own: "Đọc sách, thư viện".
    var label: String { get }
}

extension ClosedSet {
    public static var codes: [String] { allCases.map(\.rawValue) }
    /// The label of a code, or the code itself when it is not one of the set.
    public static func label(of code: String) -> String { Self(rawValue: code)?.label ?? code }
    /// Code → label, as the pages take it.
    public static var labels: [String: String] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.label) }) }
    /// Code and label in the set's order (the order the pages offer them).
    public static var items: [(code: String, label: String)] { allCases.map { ($0.rawValue, $0.label) } }
}

public enum Gender: String, ClosedSet {
    case male, female, other
    public var label: String { switch self { case .male: "Nam"; case .female: "Nữ"; case .other: "Khác" } }
}

public enum LearnerCategory: String, ClosedSet {
    case worker, official, student, elderly, other
    public var label: String {
        switch self {
        case .worker: "Người lao động"; case .official: "Cán bộ, công chức"; case .student: "Học sinh, sinh viên"
        case .elderly: "Người cao tuổi"; case .other: "Khác"
        }
    }
}

public enum TargetGroup: String, ClosedSet {
    case farmer, worker, official, other
    public var label: String {
        switch self {
        case .farmer: "Nông dân, lao động nông thôn"; case .worker: "Công nhân, thợ thủ công"; case .official: "Cán bộ, trí thức"
        case .other: "Khác"
        }
    }
}

public enum UnitKind: String, ClosedSet {
    case school, healthStation, communeOffice, other
    public var label: String {
        switch self { case .school: "Trường học"; case .healthStation: "Trạm y tế"; case .communeOffice: "UBND xã"; case .other: "Khác" }
    }
}

public enum SessionCategory: String, ClosedSet {
    case it, language, agriculture, law, health, literacy, culture, other
    public var label: String {
        switch self {
        case .it: "Tin học, kỹ năng số"; case .language: "Ngoại ngữ"; case .agriculture: "Nông nghiệp"; case .law: "Pháp luật"
        case .health: "Sức khỏe"; case .literacy: "Xóa mù chữ"; case .culture: "Văn hóa"; case .other: "Khác"
        }
    }
}

/// A session's state as the API shows it: planned or cancelled are recorded; open and closed
/// follow from the time (and the closing).
public enum SessionStatus: String, ClosedSet {
    case planned, open, closed, cancelled
    public var label: String {
        switch self { case .planned: "Sắp diễn ra"; case .open: "Đang mở điểm danh"; case .closed: "Đã kết thúc"; case .cancelled: "Đã hủy" }
    }
}

/// Why a learner comes without a class.
public enum VisitPurpose: String, ClosedSet {
    case reading, club, selfStudy
    public var label: String { switch self { case .reading: "Đọc sách, thư viện"; case .club: "Sinh hoạt câu lạc bộ"; case .selfStudy: "Tự học" } }
}

public enum SkillLevel: String, ClosedSet {
    case none, basic, proficient
    public var label: String { switch self { case .none: "Chưa có"; case .basic: "Cơ bản"; case .proficient: "Thành thạo" } }
}

/// What the association or the centre did itself (CRITERIA §5).
public enum ActivityKind: String, ClosedSet {
    case briefing, training, meeting, award, fundraising, publicity, other
    public var label: String {
        switch self {
        case .briefing: "Học tập, quán triệt kế hoạch"; case .training: "Bồi dưỡng, tập huấn"; case .meeting: "Họp, hội nghị"
        case .award: "Khen thưởng"; case .fundraising: "Vận động quỹ khuyến học"; case .publicity: "Tuyên truyền"; case .other: "Hoạt động khác"
        }
    }
}

public enum ExportStatus: String, ClosedSet {
    case writing, ready, failed, pruned
    public var label: String {
        switch self { case .writing: "Đang ghi"; case .ready: "Sẵn sàng"; case .failed: "Lỗi"; case .pruned: "Đã dọn khỏi máy" }
    }
}

/// What a bundle carries: every record, or what changed after the previous bundle.
public enum BundleKind: String, ClosedSet {
    case incremental, full
    public var label: String { switch self { case .incremental: "Phần thay đổi"; case .full: "Toàn bộ" } }
}

/// Where a ready bundle is on its way to the association.
public enum PushStatus: String, ClosedSet {
    case pending, retrying, sent
    public var label: String { switch self { case .pending: "Chờ gửi"; case .retrying: "Chưa gửi được, sẽ thử lại"; case .sent: "Đã gửi" } }
}

/// What staff decided about a session, as stored (the API's `SessionStatus` follows from it and the time).
public enum SessionState: String, Sendable, Codable {
    case scheduled, closed, cancelled
}

public enum RegistrationStatus: String, ClosedSet {
    case pending, approved, merged, rejected
    public var label: String {
        switch self { case .pending: "Chờ duyệt"; case .approved: "Đã duyệt"; case .merged: "Đã gộp với người đã có"; case .rejected: "Từ chối" }
    }
}

/// Every set the pages show, by the name they use (`GET /api/labels`), each in its own order.
/// The four titles a group earns (CRITERIA): a household's, a clan's, a village's, a unit's.
public enum TitleKind: String, ClosedSet {
    case family, clan, community, unit
    public var label: String {
        switch self {
        case .family: "Gia đình học tập"; case .clan: "Dòng họ học tập"; case .community: "Cộng đồng học tập"; case .unit: "Đơn vị học tập"
        }
    }
    /// The kind of group that earns it, as the registry and the recorded facts name it.
    public var group: String {
        switch self {
        case .family: "household"; case .clan: "clan"; case .community: "village"; case .unit: "unit"
        }
    }
}

/// What stands behind a score's indicator (`Evidence.kind`): a session attended, a visit, an
/// assessment, a count over the year, the year's plan, the household, the digital skills, a
/// session taught.
public enum EvidenceKind: String, ClosedSet {
    case session, visit, assessment, summary, plan, household, digitalSkills, teaching
    public var label: String {
        switch self {
        case .session: "Buổi học"; case .visit: "Lượt đến trung tâm"; case .assessment: "Đánh giá"; case .summary: "Tổng hợp cả năm"
        case .plan: "Kế hoạch học tập"; case .household: "Hộ gia đình"; case .digitalSkills: "Kỹ năng số"; case .teaching: "Buổi dạy"
        }
    }
}

/// Who or what a target counts (`TargetResult.Item.kind`): a learner, or a group of a title's kind.
public enum TargetItemKind: String, ClosedSet {
    case learner, family, clan, community, unit
    public init(_ title: TitleKind) {
        switch title { case .family: self = .family; case .clan: self = .clan; case .community: self = .community; case .unit: self = .unit }
    }
    public var label: String {
        switch self {
        case .learner: "Người học"; case .family: "Hộ gia đình"; case .clan: "Dòng họ"; case .community: "Thôn, tổ dân phố"; case .unit: "Đơn vị"
        }
    }
}

public enum ClosedSets {
    public static let all: [(name: String, items: [(code: String, label: String)])] = [
        ("gender", Gender.items), ("category", LearnerCategory.items), ("targetGroup", TargetGroup.items), ("unitKind", UnitKind.items),
        ("sessionCategory", SessionCategory.items), ("sessionStatus", SessionStatus.items), ("purpose", VisitPurpose.items),
        ("skills", SkillLevel.items), ("activityKind", ActivityKind.items), ("exportStatus", ExportStatus.items),
        ("registrationStatus", RegistrationStatus.items), ("titleKind", TitleKind.items),
    ]
}

/// `GET /api/labels`: an object of objects, keys in each set's order (a page's choices follow it).
public struct LabelsAnswer: JSONWritable {
    public init() {}
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        for set in ClosedSets.all {
            w.key(set.name)
            w.beginObject()
            for item in set.items { w.key(item.code); w.string(item.label) }
            w.endObject()
        }
        w.endObject()
    }
}
