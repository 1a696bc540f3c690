"""The shape of a plan file (docs/formats.md#plan-files-plansyaml): the `*Spec` models.

They are what pydantic validates the YAML against (wrong types, missing and unknown keys come from
here) and what `xhht schema` exports (schema.py). They are the only pydantic models of xhht
(docs/architecture.md#records; tests/test_architecture.py checks it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from xhht.model.records import ID_PATTERN, AreaLevel, Better, Unit


def _number_to_text(v: Any) -> Any:
    """Group codes and level labels may be written as bare numbers in YAML."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int | Decimal):
        return str(v)
    return v


# What the JSON Schema (`xhht schema`) says of the loosely typed values; validation is the models'.
_TEXT_OR_NUMBER = {"type": ["string", "number"]}
_TARGET_VALUE = {"type": ["number", "string", "boolean"],
                 "description": "Một số (80), mức độ/nhãn trong `levels`, `yes`, `increase`/`decrease`, "
                                "hoặc phép so sánh như \">= 95\", \"<= 2\", \"== 3\""}
_BY_YEAR = {"type": "object", "propertyNames": {"pattern": "^[0-9]{4}$"}, "additionalProperties": _TARGET_VALUE}
_UNITS_BY_YEAR = {"type": "object", "propertyNames": {"pattern": "^[0-9]{4}$"},
                  "additionalProperties": {"type": ["number", "string"],
                                           "description": "Số đơn vị (count) hoặc tỷ lệ % đơn vị (share) phải đạt"}}

Text = Annotated[str, BeforeValidator(_number_to_text), WithJsonSchema(_TEXT_OR_NUMBER)]
TargetValue = Annotated[Any, WithJsonSchema(_TARGET_VALUE)]
ByYear = Annotated[dict[int, Any], WithJsonSchema(_BY_YEAR)]
UnitsByYear = Annotated[dict[int, Any], WithJsonSchema(_UNITS_BY_YEAR)]
HoldsFor = Annotated[Any, WithJsonSchema({"type": "integer", "minimum": 1})]  # load/plans.py checks it: bad-holds-for
_ID_SCHEMA = {"pattern": ID_PATTERN}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DocumentSpec(_Spec):
    """Văn bản gốc mà tệp kế hoạch chép lại."""

    number: str = Field(description="Số, ký hiệu văn bản, ví dụ 233/KH-UBND")
    issuer: str = Field(description="Cơ quan ban hành, ví dụ UBND huyện Mỹ Đức")
    date: dt.date | None = Field(None, description="Ngày ban hành (YYYY-MM-DD)")
    kind: str | None = Field(None, description="Loại văn bản: Kế hoạch, Quyết định, Chương trình, Đề án, "
                                               "Nghị quyết…",
                             json_schema_extra={"examples": ["Kế hoạch", "Quyết định", "Chương trình", "Đề án",
                                                             "Nghị quyết"]})
    url: str | None = Field(None, description="Địa chỉ trang web đăng văn bản (nếu có)")


class SubunitSpec(_Spec):
    """Chỉ tiêu theo cấp: số (hoặc tỷ lệ %) đơn vị cấp dưới phải đạt một mức."""

    level: AreaLevel = Field(description="Cấp đơn vị được đếm: quocgia (quốc gia), tinh (tỉnh), huyen (huyện), xa (xã)")
    meeting: TargetValue = Field(description="Mức mỗi đơn vị phải đạt, ví dụ \">= 3\" hoặc \"yes\"")
    count: UnitsByYear = Field(default_factory=dict, description="Năm → số đơn vị phải đạt, ví dụ {2030: 9}")
    share: UnitsByYear = Field(default_factory=dict, description="Năm → tỷ lệ % đơn vị phải đạt, ví dụ {2020: 100}")
    note: str | None = Field(None, description="Ghi chú")


class IndicatorSpec(_Spec):
    """Một chỉ tiêu của kế hoạch."""

    id: str = Field(description="Mã chỉ tiêu, dùng chung trong cả kho và trong các tệp data/*.csv; "
                                "chữ thường, chữ số và dấu gạch nối", json_schema_extra=_ID_SCHEMA)
    name: str = Field(description="Tên chỉ tiêu như trong văn bản")
    unit: Unit = Field(description="Đơn vị: percent (tỷ lệ %), count (số lượng), number (số thập phân bất kỳ, "
                                   "ví dụ thu nhập bình quân đầu người), level (mức độ), "
                                   "rating (xếp loại), yes-no (đạt chuẩn / chưa đạt)")
    better: Better = Field("higher", description="higher: càng cao càng tốt (mặc định); lower: càng thấp "
                                                 "càng tốt (ví dụ tỷ lệ mù chữ)")
    levels: list[Text] | None = Field(None, description="Các mức hoặc nhãn, từ kém nhất đến tốt nhất "
                                                        "(bắt buộc với level và rating)")
    targets: ByYear = Field(default_factory=dict, description="Năm → chỉ tiêu, ví dụ {2015: 25, 2020: 50}")
    holds_for: HoldsFor = Field(None, description="Số năm một số liệu còn hiệu lực sau năm của nó, khi đơn vị chưa có số "
                                              "liệu mới (ví dụ 3: công nhận \"Cộng đồng học tập\" được bảo lưu 3 năm "
                                              "tiếp theo năm được công nhận, Thông tư 25/2023/TT-BGDĐT)")
    subunits: list[SubunitSpec] = Field(default_factory=list, description="Chỉ tiêu theo cấp đơn vị trực thuộc")
    note: str | None = Field(None, description="Ghi chú")


class GroupSpec(_Spec):
    """Một nhóm chỉ tiêu, theo đề mục của văn bản."""

    code: Text = Field(description="Ký hiệu đề mục trong văn bản, ví dụ a, b, 1, 2")
    title: str = Field(description="Tên đề mục")
    indicators: list[IndicatorSpec] = Field(default_factory=list, description="Các chỉ tiêu của nhóm")


class PlanSpec(_Spec):
    """Một tệp kế hoạch của xhht (plans/*.yaml): chỉ tiêu của một văn bản xây dựng xã hội học tập."""

    id: str = Field(description="Mã kế hoạch, duy nhất trong kho; chữ thường, chữ số và dấu gạch nối",
                    json_schema_extra=_ID_SCHEMA)
    title: str = Field(description="Tên kế hoạch")
    document: DocumentSpec = Field(description="Văn bản gốc")
    parent: str | None = Field(None, description="Mã kế hoạch cấp trên mà kế hoạch này thực hiện (căn cứ)")
    area: str | None = Field(None, description="Mã địa bàn trong areas.csv mà kế hoạch đặt chỉ tiêu "
                                               "(viết trong ngoặc kép, ví dụ \"93\")")
    period: Text = Field(description="Thời gian thực hiện: một năm (2015) hoặc giai đoạn (2014-2020)")
    source: str | None = Field(None, description="Nguồn của bản chép (nơi lấy văn bản)")
    note: str | None = Field(None, description="Ghi chú cho người đọc")
    groups: list[GroupSpec] = Field(default_factory=list, description="Các nhóm chỉ tiêu, theo thứ tự văn bản")


# ---------------------------------------------------------------- standard files (docs/standards.md)

_THRESHOLD = {"description": "Ngưỡng của chỉ tiêu ở mức này: một số (60), mức/nhãn, `yes`, phép so sánh "
                             "(\">= 60\", \">= Mức độ 2\"), `increase`/`decrease` (so với năm trước liền kề); "
                             "với tỷ lệ đơn vị cấp dưới: {meeting: \">= Mức độ 1\", share: \">= 90\"}",
              "anyOf": [{"type": ["number", "string", "boolean"]}, {"$ref": "#/$defs/ShareBarSpec"}]}
_BY_LEVEL = {"type": "object", "additionalProperties": _THRESHOLD}
ByLevel = Annotated[dict[Text, Any], WithJsonSchema(_BY_LEVEL)]
_TAGGED = {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": _BY_LEVEL}
Tagged = Annotated[dict[str, dict[Text, Any]], WithJsonSchema(_TAGGED)]
Tags = Annotated[dict[str, str], WithJsonSchema({"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                                                 "additionalProperties": {"type": "string"}})]


class ShareBarSpec(_Spec):
    """Ngưỡng của một tỷ lệ đơn vị cấp dưới: tỷ lệ (share) các đơn vị có kết quả đạt `meeting`."""

    meeting: TargetValue = Field(description="Kết quả mỗi đơn vị cấp dưới phải đạt, ví dụ \">= Mức độ 1\"")
    share: TargetValue = Field(description="Tỷ lệ % đơn vị cấp dưới phải đạt, ví dụ \">= 90\"")


class SourceSpec(_Spec):
    """Nguồn của một tỷ lệ đơn vị cấp dưới: kết quả (chỉ tiêu kết quả của một chuẩn khác) của các đơn vị
    thuộc cấp `level`."""

    level: AreaLevel = Field(description="Cấp của các đơn vị được đếm: huyen hoặc xa")
    indicator: str = Field(description="Chỉ tiêu kết quả của chuẩn cấp đó, ví dụ cdht-xa",
                           json_schema_extra=_ID_SCHEMA)


class StandardIndicatorSpec(_Spec):
    """Một chỉ tiêu của chuẩn: đơn vị tính như chỉ tiêu của kế hoạch, và ngưỡng ở từng mức."""

    id: str = Field(description="Mã chỉ tiêu, dùng trong data/*.csv; chữ thường, chữ số và dấu gạch nối",
                    json_schema_extra=_ID_SCHEMA)
    name: str = Field(description="Lời của chỉ tiêu trong văn bản")
    unit: Unit = Field(description="Đơn vị: percent, count, number, level, rating, yes-no (như trong kế hoạch)")
    better: Better = Field("higher", description="higher (mặc định) hoặc lower: càng thấp càng tốt")
    levels: list[Text] | None = Field(None, description="Các mức hoặc nhãn của số liệu, từ kém nhất đến tốt nhất")
    at: ByLevel = Field(description="Mức của kết quả → ngưỡng, ví dụ {Mức độ 1: \">= 60\", Mức độ 2: \">= 80\"}")
    tagged: Tagged = Field(default_factory=dict, description="Thẻ của đơn vị (cột tags của areas.csv) → ngưỡng riêng "
                                                             "theo từng mức, ví dụ kho-khan cho xã thuộc vùng khó khăn")
    subunits: SourceSpec | None = Field(None, description="Chỉ tiêu là tỷ lệ đơn vị cấp dưới đạt một kết quả")
    source: str | None = Field(None, description="Câu của văn bản quy định ngưỡng (trích dẫn)")
    note: str | None = Field(None, description="Ghi chú")


class CriterionSpec(_Spec):
    """Một tiêu chí: đạt ở một mức khi tất cả các chỉ tiêu của nó đạt."""

    code: Text = Field(description="Số của tiêu chí trong văn bản: \"1\", \"2\", …")
    title: str = Field(description="Tên tiêu chí")
    indicators: list[StandardIndicatorSpec] = Field(description="Các chỉ tiêu của tiêu chí, theo thứ tự văn bản")
    note: str | None = Field(None, description="Ghi chú")


class StandardResultSpec(_Spec):
    """Kết quả của chuẩn: một chỉ tiêu mức độ mà kế hoạch dùng được như mọi chỉ tiêu."""

    id: str = Field(description="Mã chỉ tiêu kết quả, ví dụ cdht-xa", json_schema_extra=_ID_SCHEMA)
    name: str = Field(description="Tên chỉ tiêu kết quả")
    unit: Literal["level", "rating"] = Field("level", description="level (mức độ) hoặc rating (xếp loại)")
    levels: list[Text] = Field(description="Các mức, từ thấp đến cao; mức đầu là chưa đạt, ví dụ "
                                           "[Chưa đạt, Mức độ 1, Mức độ 2]")
    holds_for: HoldsFor = Field(None, description="Số năm kết quả công nhận được bảo lưu tiếp theo năm được công "
                                                  "nhận, ví dụ 3")
    note: str | None = Field(None, description="Ghi chú")


class StandardSpec(_Spec):
    """Một tệp chuẩn của xhht (standards/*.yaml): mức độ công nhận suy ra từ các tiêu chí, chỉ tiêu của một
    văn bản quy phạm, như Thông tư 25/2023/TT-BGDĐT."""

    id: str = Field(description="Mã chuẩn, duy nhất; chữ thường, chữ số và dấu gạch nối",
                    json_schema_extra=_ID_SCHEMA)
    title: str = Field(description="Tên chuẩn")
    document: DocumentSpec = Field(description="Văn bản quy định chuẩn")
    valid_from: dt.date | None = Field(None, description="Ngày văn bản có hiệu lực (YYYY-MM-DD)")
    level: AreaLevel = Field(description="Cấp của các đơn vị được đánh giá: tinh, huyen hoặc xa")
    result: StandardResultSpec = Field(description="Chỉ tiêu kết quả: mức độ đạt được")
    criteria: list[CriterionSpec] = Field(description="Các tiêu chí, theo thứ tự văn bản")
    tags: Tags = Field(default_factory=dict, description="Thẻ mà `tagged` dùng → nghĩa của nó, ví dụ "
                                                         "{kho-khan: xã thuộc vùng khó khăn}")
    source: str | None = Field(None, description="Nguồn của bản chép (nơi lấy văn bản)")
    note: str | None = Field(None, description="Ghi chú cho người đọc: những gì văn bản không nói")


# ---------------------------------------------------------------- report text files (reports/*.md)

MAX_FIELD = 500  # characters of one front-matter value: a long trích yếu fits
MAX_RECIPIENTS = 40


class SignerSpec(_Spec):
    """Người ký: quyền hạn (KT. GIÁM ĐỐC…), chức vụ (PHÓ GIÁM ĐỐC), họ và tên."""

    authority: str | None = Field(None, max_length=MAX_FIELD, description="Quyền hạn ký, ví dụ KT. GIÁM ĐỐC, "
                                                                          "TM. ỦY BAN NHÂN DÂN (bỏ trống khi "
                                                                          "người đứng đầu ký)")
    title: str = Field(max_length=MAX_FIELD, description="Chức vụ của người ký, ví dụ PHÓ GIÁM ĐỐC")
    name: str | None = Field(None, max_length=MAX_FIELD, description="Họ và tên người ký")


class ReportSpec(_Spec):
    """Phần đầu (front matter) của một tệp lời văn báo cáo (reports/*.md): văn bản nào, giai đoạn
    nào, cơ quan nào ban hành, ai ký, gửi ai."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)  # "   /BC-SGDĐT": blanks for the văn thư

    plan: str = Field(max_length=MAX_FIELD, description="Mã kế hoạch được báo cáo (id trong plans/)")
    period: Text = Field(description="Giai đoạn báo cáo: một năm (2015) hoặc giai đoạn (2013-2015)")
    number: str | None = Field(None, max_length=MAX_FIELD,
                               description="Số, ký hiệu của báo cáo, ví dụ \"   /BC-SGDĐT\" (khoảng trống "
                                           "để văn thư điền số)")
    date: dt.date | None = Field(None, description="Ngày ban hành (YYYY-MM-DD)")
    place: str | None = Field(None, max_length=MAX_FIELD, description="Địa danh, ví dụ Hậu Giang")
    parent_body: str | None = Field(None, max_length=MAX_FIELD, description="Cơ quan chủ quản, ví dụ UBND tỉnh "
                                                                             "Hậu Giang")
    body: str | None = Field(None, max_length=MAX_FIELD, description="Cơ quan ban hành báo cáo, ví dụ Sở Giáo "
                                                                      "dục và Đào tạo")
    subject: str | None = Field(None, max_length=MAX_FIELD, description="Trích yếu (mặc định: Sơ kết giai đoạn … "
                                                                        "thực hiện Kế hoạch số …)")
    signer: SignerSpec | None = Field(None, description="Người ký")
    recipients: list[Annotated[str, Field(max_length=MAX_FIELD)]] | None = Field(
        None, max_length=MAX_RECIPIENTS, description="Nơi nhận, theo thứ tự, ví dụ [UBND tỉnh (để báo cáo), "
                                                     "\"Lưu: VT\"]")
