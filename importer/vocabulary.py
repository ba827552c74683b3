"""The words of Vietnamese administrative plans that the parser reads by rule.

Everything here is written accent-free and lower-case (as `langson_portal.text.fold`
gives it), so a scan's missing or decomposed accents do not matter. The lists are about
how directives are written, not about one province: they hold for any Kế hoạch or Công
văn of a UBND tỉnh, before and after the 2025 reorganisation.
"""

# Groups that plans address and the registry may not know yet (after 2025 there are no
# district UBND, plans address the communes). Pattern (folded tokens) -> group name.
GROUP_PHRASES: dict[str, str] = {
    "cac so ban nganh": "các sở, ban, ngành",
    "cac so nganh": "các sở, ban, ngành",
    "so ban nganh": "các sở, ban, ngành",
    "cac so co quan": "các sở, ban, ngành",
    "ubnd cac huyen thanh pho": "UBND các huyện, thành phố",
    "ubnd cac huyen thi xa thanh pho": "UBND các huyện, thành phố",
    "ubnd cap huyen": "UBND các huyện, thành phố",
    "cac huyen thanh pho": "UBND các huyện, thành phố",
    "ubnd cac xa phuong": "UBND các xã, phường",
    "ubnd cac xa phuong thi tran": "UBND các xã, phường",
    "ubnd cac phuong xa": "UBND các xã, phường",
    "ubnd cap xa": "UBND các xã, phường",
    "cac xa phuong": "UBND các xã, phường",
    "cac xa phuong thi tran": "UBND các xã, phường",
    # written without "các", and with the special zones (đặc khu) of 2025
    "ubnd xa phuong": "UBND các xã, phường",
    "ubnd phuong xa": "UBND các xã, phường",
    "ubnd xa phuong dac khu": "UBND các xã, phường",
    "ubnd phuong xa dac khu": "UBND các xã, phường",
    "ubnd cac xa phuong dac khu": "UBND các xã, phường",
    "ubnd cac phuong xa dac khu": "UBND các xã, phường",
    "ubnd cac xa phuong va dac khu": "UBND các xã, phường",
    "ubnd cac phuong xa va dac khu": "UBND các xã, phường",
    # the heads of the departments: "Giám đốc Sở, Thủ trưởng cơ quan, ban, ngành"
    "giam doc so thu truong co quan ban nganh": "các sở, ban, ngành",
    "giam doc cac so thu truong cac co quan ban nganh": "các sở, ban, ngành",
    "giam doc cac so thu truong cac ban nganh": "các sở, ban, ngành",
    "giam doc cac so thu truong cac nganh": "các sở, ban, ngành",
    # the political-social organisations and the mass organisations, listed beside the departments
    "cac to chuc chinh tri xa hoi": "các tổ chức chính trị - xã hội",
    "to chuc chinh tri xa hoi": "các tổ chức chính trị - xã hội",
    "doan the cap tinh": "đoàn thể cấp tỉnh",
    "cac doan the cap tinh": "đoàn thể cấp tỉnh",
}

# "các cơ quan, đơn vị, địa phương" without "liên quan": everyone, the departments and the communes.
EVERYONE_PHRASES = ("cac co quan don vi dia phuong", "co quan don vi dia phuong")

# Token sequences written in two ways; both sides of a match are rewritten to the short one.
CONTRACTIONS: list[tuple[tuple[str, ...], str]] = [
    (("uy", "ban", "nhan", "dan"), "ubnd"),
    (("uy", "ban", "mat", "tran", "to", "quoc"), "ubmttq"),
    (("uy", "ban", "mttq"), "ubmttq"),
]

# Words that open the name of an organisation (cơ quan, đơn vị); a capitalised run that
# starts with one of them and is not in the registry is proposed as a new agency.
AGENCY_HEADS = {
    "so",
    "ban",
    "cuc",
    "chi cuc",
    "chi nhanh",
    "cong an",
    "thanh tra",
    "van phong",
    "trung tam",
    "hoi",
    "hiep hoi",
    "lien doan",
    "lien minh",
    "dai",
    "bao",
    "bao hiem",
    "kho bac",
    "ngan hang",
    "toa an",
    "vien",
    "bo chi huy",
    "bo tu lenh",
    "cong ty",
    "ubnd",
    "tinh doan",
    "truong",
    "benh vien",
    "quy",
    "mat tran",
    "doan thanh nien",
    "ubmttq",
    "uy ban",
    "bo",
    "thue",
    "kiem toan",
}

# Level words that may end a name in lower case: "Thanh tra thành phố", "Công an tỉnh".
NAME_LEVELS = (("thanh", "pho"), ("tinh",))

# Official names written with a comma inside: "Báo và Phát thanh, Truyền hình tỉnh" (the press
# agency of each province since 2025). Folded word before the comma -> folded word after it.
NAME_COMMAS = {("phat", "thanh"): "truyen"}

# Verbs and role words that end a name: "Sở X tham mưu …", "Sở X chủ trì …".
NAME_STOPS = {
    "chu tri",
    "phan cong",
    "phoi hop",
    "tham muu",
    "thuc hien",
    "trien khai",
    "chi dao",
    "xay dung",
    "to chuc",
    "huong dan",
    "theo doi",
    "ra soat",
    "tang cuong",
    "quan triet",
    "day manh",
    "tiep tuc",
    "khan truong",
    "chu dong",
    "nghien cuu",
    "de xuat",
    "kiem tra",
    "giam sat",
    "tuyen truyen",
    "pho bien",
    "ho tro",
    "nang cao",
    "cap nhat",
    "don doc",
    "tong hop",
    "bao cao",
    "cong khai",
    "lam dau",
    "phan dau",
    "bao dam",
    "dam bao",
    "quan tam",
    "tap trung",
    "ban hanh",
    "phat huy",
    "thuong xuyen",
    "kip thoi",
    "co trach",
    "can cu",
    "theo chuc",
    "trong pham",
    "giai quyet",
    "van dong",
    "so hoa",
    "cung cap",
    "van hanh",
    "quan ly",
    "bo tri",
    "tiep nhan",
    "ket noi",
    "phe duyet",
    "tham dinh",
    "hoan thanh",
    "hoan thien",
    "xu ly",
    "trinh",
    "gui",
    "lap",
    "lam",
    "co",
    "la",
    "duoc",
    "can",
    "phai",
    "se",
    "dang",
    "voi",
    "cac",
    "theo",
    "trong",
    "tai",
    "de",
    "nham",
}

# One-word stops whose folded form is also a word of names ("lam" = "làm" and "lâm" in
# "Chi cục Kiểm lâm"): a name stops only at these spellings.
WORD_STOPS = {
    "lam": {"làm"},
    "lap": {"lập"},
    "co": {"có"},
    "la": {"là"},
    "can": {"cần"},
    "se": {"sẽ"},
    "dang": {"đang"},
    "tai": {"tại"},
    "de": {"để"},
    "gui": {"gửi"},
    "trinh": {"trình"},
}

# Phrases that name parties without naming an agency: kept out of the roles.
UNNAMED = [
    "cac co quan don vi co lien quan",
    "cac co quan don vi lien quan",
    "co quan don vi lien quan",
    "cac co quan co lien quan",
    "cac co quan lien quan",
    "cac don vi co lien quan",
    "cac don vi lien quan",
    "cac co quan don vi",
    "cac don vi dia phuong",
    "cac co quan chuc nang",
    "co quan cap tinh",
    "cac co quan cap tinh",
    "co quan chuc nang lien quan",
    "cac co quan",
    "cac don vi",
    "don vi lien quan",
    "co quan lien quan",
    "cac nganh lien quan",
    "cac dia phuong",
    "cac hiep hoi",
    "cac hoi doanh nghiep",
    "cac doanh nghiep",
    "co quan",
    "don vi",
    "dia phuong",
    "ubnd tinh",
]

# Words that may stand before or between the agencies of a subject.
SUBJECT_FILLERS = {"thu truong", "chu tich", "giam doc", "va", "cung", "lanh dao", "ca", "tinh", "lien quan", "truong"}

# Openers before the subject of an item: "Giao Sở X …", "Đề nghị Ủy ban MTTQ …".
OPENERS = ["giao cho", "giao", "de nghi", "yeu cau", "doi voi", "ve phia"]

# Headings whose content is objectives, not tasks.
OBJECTIVE_HEADINGS = ("muc dich", "yeu cau", "muc tieu", "quan diem", "su can thiet")

# "TỔ CHỨC THỰC HIỆN" written as one paragraph (no items of its own) gives the general duty
# ("Các sở, ban, ngành … căn cứ Kế hoạch này …"), not a task; its items, when it has some, are tasks.
CLOSING_HEADINGS = ("to chuc thuc hien",)

# A funding part ("Kinh phí thực hiện …") is a task only where it gives work to an agency.
FUNDING_HEADINGS = ("kinh phi", "nguon kinh phi", "kinh phi thuc hien")

# A focal-point bullet ("X làm đầu mối theo dõi chỉ số Y") names an indicator, not a task.
FOCAL_POINT_PHRASES = ("lam dau moi theo doi chi so", "lam dau moi theo doi cac chi so", "la dau moi theo doi chi so")

# The end of the body of a document.
END_MARKERS = ("noi nhan", "kinh gui kem", "./.")

# Sentences that close a document rather than give work.
CLOSING_OPENERS = (
    "ubnd tinh yeu cau",
    "chu tich ubnd tinh yeu cau",
    "chu tich uy ban nhan dan tinh yeu cau",
    "ubnd thanh pho yeu cau",
    "uy ban nhan dan thanh pho yeu cau",
    "chu tich ubnd thanh pho yeu cau",
    "uy ban nhan dan tinh yeu cau",
    "yeu cau cac",
    "yeu cau thu truong",
    "tren day la",
    "trong qua trinh",
    "ubnd tinh de nghi",
    "uy ban nhan dan tinh de nghi",
    "de nghi cac",
    "quy trinh thuc hien",
)

DIRECTIVE_KINDS = [
    ("ke hoach", "ke_hoach"),
    ("quyet dinh", "quyet_dinh"),
    ("chi thi", "chi_thi"),
    ("cong dien", "cong_dien"),
    ("cong van", "cong_van"),
]

SYMBOL_KINDS = {"KH": "ke_hoach", "QĐ": "quyet_dinh", "CT": "chi_thi", "CĐ": "cong_dien"}

# Issuer codes of the central documents a provincial plan implements.
CENTRAL_CODES = ("NQ-CP", "QĐ-TTg", "CT-TTg", "CĐ-TTg", "QH", "NQ/TW", "KL/TW", "NĐ-CP", "NQ-TW", "CĐ-TTG")
