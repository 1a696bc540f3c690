"""The fixed words of the review as an official document (review_document.py), in Vietnamese
(the register of a Báo cáo: Phụ lục I of Nghị định 30/2020/NĐ-CP) and English. The words a
review shares with the other outputs (statuses, units, reasons) are fmt.py's."""

from __future__ import annotations

WORDS = {
    "vi": {
        "kind": "BÁO CÁO", "number": "     /BC-",
        "mid": "sơ kết", "final": "tổng kết",
        # "Sơ kết giai đoạn 2013 - 2015 thực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 của UBND tỉnh Hậu Giang"
        "subject": "{what} {span} thực hiện {kind} số {number}{dated}{issuer}{where}",
        "span_years": "giai đoạn {start} - {end}", "span_year": "năm {year}",
        "dated": " ngày {date}", "issuer": " của {issuer}", "where": " trên địa bàn {area}",
        # "Thực hiện Kế hoạch số … của UBND tỉnh Hậu Giang về …, Sở Giáo dục và Đào tạo báo cáo kết quả sơ kết … như sau:"
        "basis": "Thực hiện {kind} số {number}{dated}{issuer}{about}, {reporter} báo cáo kết quả {what} {span}{where} "
                 "như sau:",
        "basis_nobody": "Thực hiện {kind} số {number}{dated}{issuer}{about}, kết quả {what} {span}{where} như sau:",
        "about": " về {title}", "approving": " phê duyệt {title}",
        "part_results": "KẾT QUẢ THỰC HIỆN", "part_problems": "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "part_tasks": "NHIỆM VỤ, GIẢI PHÁP", "part_proposals": "KIẾN NGHỊ, ĐỀ XUẤT",
        "direction": "Công tác chỉ đạo, triển khai", "targets": "Kết quả thực hiện các chỉ tiêu",
        "other_results": "Kết quả khác", "shortcomings": "Tồn tại, hạn chế", "causes": "Nguyên nhân",
        "lessons": "Bài học kinh nghiệm",
        "table_intro": "Kết quả cụ thể như sau:", "table_intro_basis": "Kết quả cụ thể, {basis}, như sau:",
        "col_no": "TT", "col_name": "Nội dung", "col_unit": "Đơn vị tính", "col_year": "Năm",
        "col_target": "Kế hoạch", "col_actual": "Thực hiện", "col_ratio": "So với kế hoạch",
        "col_status": "Đánh giá", "col_result": "Kết quả", "col_note": "Ghi chú", "col_latest": "Số liệu gần nhất",
        "col_change": "Mức cần đạt thêm mỗi năm", "col_progress": "Tiến độ",
        "progress_none": "Chưa đủ số liệu",
        "no_data": "Chưa có số liệu",
        "unit_percent": "%", "unit_units": "đơn vị", "unit_level": "mức độ", "unit_rating": "xếp loại",
        "not_applicable": "Các chỉ tiêu không áp dụng:",  # each item says why (the reform, a total of the whole area)
        "not_applicable_reform": "Chỉ tiêu không còn áp dụng sau sắp xếp đơn vị hành chính:",
        "distribution": "{name}: số đơn vị {level} theo từng mức",
        "missed": "Còn {n} chỉ tiêu chưa đạt kế hoạch (xếp theo mức độ đạt, từ thấp đến cao):",
        "off_track": "Có {n} chỉ tiêu chậm tiến độ:",
        "no_figures": "Có {n} chỉ tiêu đến hạn nhưng chưa có số liệu để đánh giá:",
        "all_met": "Các chỉ tiêu đến hạn đều đạt và vượt kế hoạch.",
        "missed_item": "{label}: năm {year} thực hiện {actual}, kế hoạch {target}",  # then ", đạt 15% kế hoạch"
        "missed_item_words": "{label}: năm {year} {actual}, kế hoạch {target}",
        "units_short": "các đơn vị chưa đạt: {names}", "units_missing": "chưa có số liệu: {names}",
        "target_of": "{label}, kế hoạch năm {year} là {target}",
        # part III: targets of the period's last year judged on progress, those due in later years, or both
        "ahead": "Các chỉ tiêu đến hạn trong các năm tiếp theo và mức cần đạt thêm mỗi năm để hoàn thành:",
        "ahead_final": "Các chỉ tiêu năm {end} chưa có số liệu của năm này, được đánh giá theo tiến độ, và mức cần "
                       "đạt thêm mỗi năm để hoàn thành:",
        "ahead_both": "Các chỉ tiêu năm {end} chưa có số liệu của năm này (được đánh giá theo tiến độ), các chỉ tiêu "
                      "đến hạn trong các năm tiếp theo, và mức cần đạt thêm mỗi năm để hoàn thành:",
        "context_notes": "Nguồn: {source}",
        "annex_results": "Kết quả theo từng chỉ tiêu", "annex_counts": "Số chỉ tiêu", "annex_achieved": "Đạt và vượt",
        "annex_rank": "Xếp hạng", "annex_columns": "Các chỉ tiêu:",
        "annex_subtitle": "(Kèm theo {kind} số {number}{dated}{body})",
        "annex_dated": " ngày {date}", "annex_body": " của {body}",
    },
    "en": {
        "kind": "REPORT", "number": "     /BC-",
        "mid": "mid-term review", "final": "final review",
        "subject": "{What} ({span}) of {kind} No. {number}{dated}{issuer}{where}",
        "span_years": "{start} - {end}", "span_year": "{year}",
        "dated": " dated {date}", "issuer": " by {issuer}", "where": " in {area}",
        "basis": "Under {kind} No. {number}{dated}{issuer}{about}, {reporter} reports the results of the {what} "
                 "({span}){where} as follows:",
        "basis_nobody": "Under {kind} No. {number}{dated}{issuer}{about}, the results of the {what} ({span}){where} "
                        "are as follows:",
        "about": " ({title})", "approving": " ({title})",
        "part_results": "RESULTS", "part_problems": "SHORTCOMINGS AND THEIR CAUSES",
        "part_tasks": "TASKS AND SOLUTIONS", "part_proposals": "PROPOSALS",
        "direction": "Direction and implementation", "targets": "Results by target",
        "other_results": "Other results", "shortcomings": "Shortcomings", "causes": "Causes",
        "lessons": "Lessons learnt",
        "table_intro": "The results in detail:", "table_intro_basis": "The results in detail, {basis}:",
        "col_no": "No.", "col_name": "Indicator", "col_unit": "Unit", "col_year": "Year",
        "col_target": "Target", "col_actual": "Result", "col_ratio": "Against the target",
        "col_status": "Status", "col_result": "Result", "col_note": "Note", "col_latest": "Latest figure",
        "col_change": "Change needed each year", "col_progress": "Progress",
        "progress_none": "Not enough figures",
        "no_data": "No data",
        "unit_percent": "%", "unit_units": "units", "unit_level": "level", "unit_rating": "rating",
        "not_applicable": "Targets that do not apply:",
        "not_applicable_reform": "Targets that no longer apply after the administrative reorganisation:",
        "distribution": "{name}: {level} units by class",
        "missed": "{n} targets were missed (the farthest behind first):",
        "off_track": "{n} targets are off track:",
        "no_figures": "{n} targets fell due without a figure to judge them:",
        "all_met": "Every target due was met or exceeded.",
        "missed_item": "{label}: {actual} in {year}, target {target}",
        "missed_item_words": "{label}: {actual} in {year}, target {target}",
        "units_short": "units falling short: {names}", "units_missing": "no data: {names}",
        "target_of": "{label}, target for {year}: {target}",
        "ahead": "The targets falling due in the years ahead and the change each needs every year:",
        "ahead_final": "The targets of {end} without a figure of that year yet, judged on progress, and the change each "
                       "needs every year:",
        "ahead_both": "The targets of {end} without a figure of that year yet (judged on progress), those falling due in "
                      "the years ahead, and the change each needs every year:",
        "context_notes": "Source: {source}",
        "annex_results": "Result by target", "annex_counts": "Targets", "annex_achieved": "Met or exceeded",
        "annex_rank": "Rank", "annex_columns": "The targets:",
        "annex_subtitle": "(Annexed to {kind} No. {number}{dated}{body})",
        "annex_dated": " dated {date}", "annex_body": " by {body}",
    },
}

ROMAN = ("I", "II", "III", "IV", "V", "VI")

# Names of agencies written in capitals (as a heading prints them) and as running text writes them
# (Nghị định 30/2020/NĐ-CP, Phụ lục II): the body that reports, in the opening sentence.
AGENCIES = (
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Phòng Giáo dục và Đào tạo"),
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Bộ Giáo dục và Đào tạo"),
    ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UBND", "UBND"),
    ("HỘI KHUYẾN HỌC", "Hội Khuyến học"),
    ("BAN CHỈ ĐẠO XÂY DỰNG XÃ HỘI HỌC TẬP", "Ban Chỉ đạo xây dựng xã hội học tập"),
    ("TRUNG TÂM GIÁO DỤC THƯỜNG XUYÊN", "Trung tâm Giáo dục thường xuyên"),
)
