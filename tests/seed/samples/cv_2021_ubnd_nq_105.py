"""Expected facts for the seed directive cv-2021-ubnd-nq-105.

Source: seeds/cv-2021-thuc-hien-105-NQ-CP.txt (Công văn of UBND tỉnh Lạng Sơn, 2021,
number not in the text, implementing Nghị quyết 105/NQ-CP of 09/9/2021).
Each sample below was written from the source text, not copied from the JSON fixture.
"""

EXPECTED = {
    "slug": "cv-2021-ubnd-nq-105",
    "task_count": 47,
    "section_count": 19,
    "indicator_count": 0,
    "reporting_rule_count": 1,
    "samples": [
        {
            # item 1, first "-" bullet (source lines 17-35); roles from the heading
            # "1. Sở Y tế chủ trì, phối hợp với các sở, ngành, UBND các huyện, thành phố:"
            "ref": "1-1",
            "content_startswith": "Khẩn trương tham mưu UBND tỉnh đề nghị Chính phủ, Bộ Y tế quan tâm phân bổ",
            "lead": ["Sở Y tế"],
            "coordinating": ["UBND các huyện, thành phố", "các sở, ban, ngành"],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            # item 3 "Sở Tài chính", first bullet "Phối hợp với Sở Y tế ..." (lines 116-126);
            # the heading keeps Sở Tài chính as lead; "Covid-\n\n19" joins to "Covid-19"
            "ref": "3-1",
            "content_startswith": "Phối hợp với Sở Y tế thực hiện: xây dựng nhu cầu kinh phí mua sắm máy móc",
            "lead": ["Sở Tài chính"],
            "coordinating": ["Sở Y tế"],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            # item 10, numbered item without bullets (lines 264-270); "các sở, ngành có liên qua"
            # (the document's own spelling) -> group
            "ref": "10",
            "content_startswith": "Sở Tài nguyên và Môi trường chủ trì, phối hợp với Cục Thuế tỉnh và các sở",
            "lead": ["Sở Tài nguyên và Môi trường"],
            "coordinating": ["Cục Thuế tỉnh", "các sở, ban, ngành"],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            # item 15 "Ngân hàng Nhà nước Việt Nam - Chi nhánh Lạng Sơn", first bullet (lines 349-353)
            "ref": "15-1",
            "content_startswith": "Chỉ đạo các Ngân hàng thương mại trên địa bàn tỉnh chủ động tiếp cận khách hàng",
            "lead": ["Ngân hàng Nhà nước Chi nhánh tỉnh Lạng Sơn"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            # item 17, three organisations addressed equally, each a lead (lines 392-400)
            "ref": "17",
            "content_startswith": "Liên minh Hợp tác xã tỉnh, Hiệp hội Doanh nghiệp tỉnh, Hội doanh nhân trẻ tỉnh",
            "lead": ["Hiệp hội Doanh nghiệp tỉnh", "Hội Doanh nhân trẻ tỉnh", "Liên minh Hợp tác xã tỉnh"],
            "coordinating": [],
            "deadline_kind": "none",
            "due": None,
            "due_text": "",
        },
        {
            # item 19 "Sở Kế hoạch và Đầu tư", fourth bullet (lines 459-463)
            "ref": "19-4",
            "content_startswith": "Thực hiện sơ kết, đánh giá tình hình thực hiện Nghị quyết số 105/NQ-CP",
            "lead": ["Sở Kế hoạch và Đầu tư"],
            "coordinating": [],
            "deadline_kind": "date",
            "due": "2022-01-15",
            "due_text": "trước ngày 15/01/2022",
        },
    ],
}
