"""Expected facts of the seed directive kh-2021-ubnd-nq-02.

Kế hoạch (2021) of UBND tỉnh Lạng Sơn implementing Nghị quyết 02/NQ-CP of 01/01/2021.
Source: seeds/kh-2021-thuc-hien-02-NQ-CP.txt; mapping: docs/seeds/kh-2021-ubnd-nq-02.md.
Each sample below was checked against the source text.
"""

EXPECTED = {
    "slug": "kh-2021-ubnd-nq-02",
    "task_count": 49,
    "section_count": 22,
    "indicator_count": 19,
    "reporting_rule_count": 2,
    "samples": [
        {
            "ref": "II.2.a-1+3",
            "content_startswith": "Nghiên cứu, đề xuất các sáng kiến cải thiện môi trường kinh",
            "lead": ["Sở Kế hoạch và Đầu tư"],
            "coordinating": [],
            "deadline_kind": "recurring",
            "due": None,
            "due_text": "hằng năm",
        },
        {
            "ref": "II.2.d-1",
            "content_startswith": "Sở Tài nguyên và Môi trường chủ trì phối hợp các đơn vị có liên",
            "lead": ["Sở Tài nguyên và Môi trường"],
            "coordinating": ["Sở Xây dựng"],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "II.4.e",
            "content_startswith": "Thanh tra tỉnh, các cơ quan được giao thực hiện chức năng thanh",
            "lead": ["Thanh tra tỉnh"],
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2021-12-10",
            "due_text": "trước ngày 10 tháng 12 năm 2021",
        },
        {
            "ref": "II.5.b",
            "content_startswith": "Sở Thông tin và Truyền thông: chủ trì, phối hợp với các Sở, ban,",
            "lead": ["Sở Thông tin và Truyền thông"],
            "coordinating": ["các sở, ban, ngành"],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "II.6.c",
            "content_startswith": "Sở Giáo dục và Đào tạo, UBND các huyện, thành phố chỉ đạo các",
            "lead": ["Sở Giáo dục và Đào tạo", "UBND các huyện, thành phố"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "III.3",
            "content_startswith": "Sở Thông tin và Truyền thông chủ trì, hướng dẫn các cơ quan truyền",
            "lead": ["Sở Thông tin và Truyền thông"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
    ],
    "indicator_samples": [
        {
            "code": "NQ02-MT-3",
            "name": "Số hồ tiếp nhận và xử lý qua dịch vụ công trực tuyến mức độ 3, 4 (tăng so với năm 2020)",
            "group": "MUC_TIEU",
            "focal_agency": None,
            "target": 10,
        },
        {
            "code": "EoDB-1",
            "name": "Khởi sự kinh doanh",
            "group": "EoDB",
            "focal_agency": "Sở Kế hoạch và Đầu tư",
            "target": None,
        },
        {
            "code": "EoDB-5",
            "name": "Bảo vệ nhà đầu tư",
            "group": "EoDB",
            "focal_agency": "Tòa án nhân dân tỉnh",
            "target": None,
        },
        {
            "code": "GCI-3",
            "name": "ứng dụng công nghệ thông tin",
            "group": "GCI",
            "focal_agency": "Sở Thông tin và Truyền thông",
            "target": None,
        },
    ],
}
