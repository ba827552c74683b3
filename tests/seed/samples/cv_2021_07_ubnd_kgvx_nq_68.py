"""Expected values for the seed directive cv-2021-07-ubnd-kgvx-nq-68.

Source: seeds/cv-2021-07-thuc-hien-68-NQ-CP-23-QD-TTg.txt (Công văn /UBND-KGVX, 7/2021,
implementing Nghị quyết 68/NQ-CP and Quyết định 23/2021/QĐ-TTg). Every task is sampled.
"""

EXPECTED = {
    "slug": "cv-2021-07-ubnd-kgvx-nq-68",
    "task_count": 7,
    "section_count": 0,
    "indicator_count": 0,
    "reporting_rule_count": 0,
    "number": "/UBND-KGVX",
    "signer": "Dương Xuân Huyên",
    "samples": [
        {
            "ref": "1",
            "content_startswith": "Sở Thông tin và Truyền thông, Sở Lao động - Thương binh và Xã",
            "lead": sorted(
                [
                    "Báo Lạng Sơn",
                    "Sở Lao động - Thương binh và Xã hội",
                    "Sở Thông tin và Truyền thông",
                    "UBND các huyện, thành phố",
                    "Đài Phát thanh và Truyền hình tỉnh",
                ]
            ),
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "2",
            "content_startswith": "Sở Lao động - Thương binh và Xã hội, Sở Văn hóa, Thể thao và D",
            "lead": sorted(
                [
                    "Sở Lao động - Thương binh và Xã hội",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    "UBND các huyện, thành phố",
                ]
            ),
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2021-07-15",
            "due_text": "trước ngày 15/7/2021",
        },
        {
            "ref": "2b",
            "content_startswith": "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các",
            "lead": ["Sở Lao động - Thương binh và Xã hội"],
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2021-07-20",
            "due_text": "trước ngày 20/7/2021",
        },
        {
            "ref": "3",
            "content_startswith": "Sở Lao động - Thương bình và Xã hội, Bảo hiểm xã hội tỉnh, Chi",
            "lead": sorted(
                [
                    "Bảo hiểm xã hội tỉnh",
                    "Chi nhánh Ngân hàng Chính sách xã hội tỉnh",
                    "Sở Lao động - Thương binh và Xã hội",
                ]
            ),
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "4",
            "content_startswith": "Đề nghị Ủy ban Mặt trận Tổ quốc và các đoàn thể tỉnh tích cực",
            "lead": ["Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "5",
            "content_startswith": "Công an tỉnh, Thanh tra tỉnh, Sở Lao động - Thương binh và Xã",
            "lead": sorted(
                [
                    "Công an tỉnh",
                    "Sở Lao động - Thương binh và Xã hội",
                    "Thanh tra tỉnh",
                ]
            ),
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            "ref": "6",
            "content_startswith": "UBND các huyện, thành phố đẩy mạnh việc tuyên truyền sâu, rộng",
            "lead": ["UBND các huyện, thành phố"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
    ],
}
