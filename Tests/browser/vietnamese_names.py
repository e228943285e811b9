"""Generated Vietnamese names for the card tests: common and rare family names (some of two
words), zero to three middle names, given names with the widest letters and marks (Ư, Ơ, ẫ, W),
one in ten with two given names: up to six words."""
import random
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
          "Lương", "Nông", "Vi", "Lộc", "Triệu", "Chu", "Hà", "Quàng", "Lò", "Giàng", "Vàng", "Tôn Nữ", "Trương", "Phùng", "Huỳnh Ngọc",
          "Nguyễn Phước", "Tôn Thất", "Đoàn", "Khổng", "Mường", "Ưng", "Bế", "Vương", "Thái"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Hoàng", "Phương", "Xuân", "Huyền", "Thùy", "Bửu", "Khánh", "Tường",
          "Mỹ", "Nguyệt", "Công", "Đình", "Quang", "Diệu", "Hồng", "Kim", "Bảo"]
GIVEN = ["Ánh", "Huyền", "Nguyên", "Đức", "Phượng", "Giang", "Khương", "Trang", "Khoa", "Vy", "Wủng", "Long", "Khôi", "Hường",
         "Phúc", "Khai", "Mườn", "Páo", "Mỷ", "Thảo", "Nghĩa", "Quỳnh", "Trường", "Hưởng", "Thưởng", "Nhung", "Oanh", "Khuyến",
         "Ngoạn", "Nguyễn", "Mừng", "Tuyết", "Loan", "Yến", "Hùng", "Dũng"]
def names(n, seed=15):
    """`n` names, the same on every run."""
    r = random.Random(seed)
    out = []
    for k in range(n):
        words = [r.choice(FAMILY)] + [r.choice(MIDDLE) for _ in range(r.choice([0, 1, 1, 2, 2, 3]))] + [r.choice(GIVEN)]
        if r.random() < 0.1:
            words.insert(1, r.choice(GIVEN))  # four- and five-word names: the longest the cards meet
        out.append(" ".join(words))
    return out
