"""Expected facts for the seed directive kh-2023-ubnd-pci-pgi.

Source: shared/seeds/kh-2023-PCI-PGI.txt (Kế hoạch 2023 of UBND tỉnh Lạng Sơn on PCI and PGI).
Every sample below was re-checked by hand against the source text.
Indicator baselines are 2022 scores derived as target minus the printed rise
(see docs/seeds/kh-2023-ubnd-pci-pgi.md).
"""

EXPECTED = {
    "slug": "kh-2023-ubnd-pci-pgi",
    "task_count": 80,
    "section_count": 31,
    "indicator_count": 18,
    "reporting_rule_count": 2,
    "samples": [
        {
            "ref": "B.I.1.a-5",
            "content_startswith": "Chủ động tham mưu, phối hợp với UBND các huyện, thành phố tổ",
            "lead": ["Sở Tài nguyên và Môi trường"],
            "coordinating": ["UBND các huyện, thành phố"],
            "deadline_kind": "ongoing",
            "due": None,
            "due_text": "theo định kỳ",
        },
        {
            "ref": "B.I.3.d",
            "content_startswith": "Hiệp hội Doanh nghiệp tỉnh, Liên minh Hợp tác xã tỉnh và các",
            "lead": ["Hiệp hội Doanh nghiệp tỉnh", "Liên minh Hợp tác xã tỉnh"],
            "coordinating": [],
            "deadline_kind": "recurring",
            "due": None,
            "due_text": "định kỳ hằng quý",
        },
        {
            "ref": "B.I.5.a-1",
            "content_startswith": "Nâng cao tỷ lệ hồ sơ đăng ký doanh nghiệp qua mạng thông tin",
            "lead": ["Sở Kế hoạch và Đầu tư"],
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2023-12-31",
            "due_text": "hết năm 2023",
        },
        {
            "ref": "B.I.6.a-4",
            "content_startswith": "Các cơ quan chủ trì xây dựng cơ chế, chính sách phối hợp với",
            "lead": ["UBND các huyện, thành phố", "các sở, ban, ngành"],
            "coordinating": ["Hiệp hội Doanh nghiệp tỉnh"],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "B.I.10.b",
            "content_startswith": "Đề nghị Viện kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh, C",
            "lead": ["Cục Thi hành án dân sự tỉnh", "Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "B.II.1.b",
            "content_startswith": "Các sở, ban, ngành, UBND các huyện, thành phố: Quán triệt nh",
            "lead": ["UBND các huyện, thành phố", "các sở, ban, ngành"],
            "coordinating": [],
            "deadline_kind": "ongoing",
            "due": None,
            "due_text": "Thường xuyên",
        },
        {
            "ref": "B.II.4.b-2",
            "content_startswith": "Hỗ trợ doanh nghiệp tiếp cận các chính sách khuyến khích, hỗ",
            "lead": ["Sở Tài nguyên và Môi trường"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "C.1",
            "content_startswith": "Yêu cầu Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huy",
            "lead": ["UBND các huyện, thành phố", "các sở, ban, ngành"],
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2023-06-15",
            "due_text": "trước ngày 15/6/2023",
        },
    ],
    "indicator_samples": [
        {
            "code": "PCI-1",
            "name": "Tiếp cận đất đai",
            "group": "PCI",
            "target": 7.2,
            "baseline": 6.42,
            "focal_agency": None,
        },
        {
            "code": "PCI-6",
            "name": "Tính minh bạch",
            "group": "PCI",
            "target": 7.5,
            "baseline": 6.38,
            "focal_agency": None,
        },
        {
            "code": "PGI-1",
            "name": "Giảm thiểu ô nhiễm môi trường và tác động tiêu cực của biến đổi khí hậu",
            "group": "PGI",
            "target": 6,
            "baseline": 5.37,
            "focal_agency": None,
        },
        {
            "code": "PGI-4",
            "name": "Chính sách và dịch vụ hỗ trợ doanh nghiệp trong bảo vệ môi trường",
            "group": "PGI",
            "target": 3,
            "baseline": 1.95,
            "focal_agency": None,
        },
    ],
}
