"""Demo data from the five seed plans (../shared/seeds/) for what every plan of a unit carries:
its general measures (§ «Nhiệm vụ, giải pháp»), the duties of the bodies (§ «Tổ chức thực
hiện»), the «Nơi nhận» lists, the signers, the communes' targets and measures per criterion,
and the legal texts the seeds cite that ops.demo_plans.LEGAL_LIBRARY lacks.

Every text is quoted word for word from its seed (its own spelling kept, «Phần đầu» and all);
only OCR junk is mended: markdown «**»/«*» dropped, a sentence a page break split joined
again, «BCD» written «BCĐ», «Không Nô» (seed 001 §II.1.2, the district's own name misread)
written «Krông Nô». Idempotent: seed_documents() skips what exists.
"""

from datetime import date

from criteria.models import Criterion
from ops.demo_measures import GENERAL_MEASURES, MEASURES
from ops.demo_plans import CITE_BY_DEFAULT, seed_legal_library
from plans.defaults import (
    ItemRow,
    SignatoryRow,
    items_save,
    recipients_save,
    signatories_save,
)
from plans.library import MeasureRow, measures_save
from plans.models import CriterionMeasure, LegalDocument, PlanItem, RecipientList, Signatory
from units.models import Unit

K = LegalDocument.Kind
# the national set 318/QĐ-TTg: Cẩm Tân and Song Vân are on it in the demo (ops/demo.py)
F318 = "xa_ntm_2021_2025"

# (unit code, year) -> § I «Mục đích, yêu cầu» as (heading, text), word for word.
PURPOSES: dict[tuple[str, int], list[tuple[str, str]]] = {
    # Seed 000 §I (l.13–25).
    ("ha-tinh.cam-xuyen.cam-tan", 2023): [
        (
            "Mục đích",
            "Triển khai Chương trình gắn với thực hiện có hiệu quả cơ cấu lại ngành nông nghiệp, "
            "phát triển kinh tế nông thôn, quá trình đô thị hoá, đi vào chiều sâu, hiệu quả, bền "
            "vững; xây dựng nông thôn mới có kết cấu hạ tầng kinh tế - xã hội đồng bộ và từng bước "
            "hiện đại; cơ cấu kinh tế và cơ cấu lao động hợp lý, các hình thức tổ chức sản xuất "
            "hiệu quả; môi trường sinh thái được bảo vệ, cảnh quan môi trường nông thôn sáng, "
            "xanh, sạch, đẹp, an toàn; các giá trị văn hoá ở nông thôn được giữ gìn và phát huy; "
            "quốc phòng và an ninh, trật tự an toàn xã hội được giữ vững; đời sống vật chất và "
            "tinh thần của người dân nông thôn được nâng cao.",
        ),
        (
            "Yêu cầu",
            "- Xây dựng NTM là quá trình lâu dài, thường xuyên và liên tục, “có điểm bắt đầu, "
            "nhưng không có điểm kết thúc”. Tiếp tục xây dựng NTM toàn diện, bền vững, đi vào "
            "chiều sâu, nâng cao đời sống vật chất, tinh thần và môi trường sống cho người dân "
            "nông thôn.\n"
            "- Tập trung chỉ đạo thực hiện các Bộ tiêu chí NTM ở xã, thôn và mức độ (đạt chuẩn "
            "NTM, NTM nâng cao, NTM kiểu mẫu).\n"
            "- Tiếp tục duy trì và nâng cao chất lượng các tiêu chí đã đạt chuẩn nông thôn mới "
            "theo Bộ tiêu chí giai đoạn 2022-2025, nhất là các tiêu chí về y tế, môi trường, thu "
            "nhập, phát triển kinh tế nông thôn.",
        ),
    ],
    # Seed 003 §I (l.12–20).
    ("bac-giang.tan-yen.song-van", 2024): [
        (
            "Mục đích",
            "- Làm cơ sở để cấp ủy, chính quyền, các tổ chức chính trị- xã hội từ xã đến cơ sở và "
            "nhân dân tiếp tục thực hiện xây dựng nông thôn mới, từng bước hoàn thành mục tiêu, "
            "nhiệm vụ Nghị quyết Đại hội đại biểu Đảng bộ xã lần thứ XXIII (nhiệm kỳ 2020-2025) "
            "đề ra.\n"
            "- Nâng cao chất lượng các tiêu chí xã nông thôn mới, tiến tới xã nông thôn mới nâng "
            "cao, thôn nông thôn mới kiểu mẫu. Đẩy mạnh phát triển sản xuất theo hướng bền vững, "
            "từng bước nâng cao thu nhập cho người dân nông thôn, để từ đó đời sống vật chất, văn "
            "hóa, tinh thần của người dân được nâng lên, an ninh chính trị, trật tự an toàn xã "
            "hội được ổn định, giữ vững.",
        ),
        (
            "Yêu cầu",
            "- Có sự thống nhất cao của cả hệ thống chính trị, các tổ chức xã hội, tạo sự đồng "
            "thuận để nhân dân tham gia xây dựng nông thôn mới. Sử dụng có hiệu quả các nguồn vốn, "
            "phát huy nội lực của cộng đồng dân cư là chính; xây dựng NTM gắn với bảo vệ môi "
            "trường sinh thái; bảo tồn, giữ gìn và phát huy truyền thống văn hóa tại địa bàn.\n"
            "- Công tác rà soát, đánh giá kết quả thực hiện tiêu chí NTM, xác định tiêu chí cần "
            "sát với thực tế, lựa chọn công trình thực hiện phù hợp, hiệu quả, đảm bảo thời gian "
            "hoàn thành đáp ứng điều kiện để công nhận thôn NTM kiểu mẫu theo lộ trình đề ra.",
        ),
    ],
}

# (unit code, year) -> the unit's own targets, the lines the data does not write, as (heading,
# text); «phân đầu» (OCR of «phấn đấu», seed 001 and 003) written «phấn đấu».
GOALS: dict[tuple[str, int], list[tuple[str, str]]] = {
    # Seed 001 §I.1 (l.29).
    ("dak-nong.krong-no", 2022): [("", "- Các xã phấn đấu tăng từ 1 đến 2 tiêu chí trở lên.")],
    # Seed 002 §II.1 (l.28–29); the communes by tier (l.30–31) come from their targets.
    ("ha-tinh.cam-xuyen", 2021): [
        (
            "",
            "- Hoàn thành bộ tiêu chí huyện nông thôn mới trong quý I/2021.\n"
            "- 100% số xã củng cố đảm bảo đạt chuẩn tiêu chí xã nông thôn mới trong quý I/2021.",
        )
    ],
    # Seed 003 §II.1 (l.26–28).
    ("bac-giang.tan-yen.song-van", 2024): [
        (
            "",
            "- Tiếp tục giữ vững, nâng cao chất lượng các tiêu chí đã đạt và nâng cao chất lượng "
            "một số tiêu chí cần thực hiện nâng cao theo kế hoạch của huyện về xã nông thôn mới. "
            "Phấn đấu hoàn thành các chỉ tiêu phát triển kinh tế xã hội năm 2024.",
        )
    ],
}

# (unit code, year) -> the numbered items of § «Tổ chức thực hiện», in order, as (body, duties):
# body is the body's name where the seed heads the item with it («Đối với các thôn»,
# «Công chức Tài chính- kế toán: …»), empty where the item is one sentence that names its body
# («Giao Phòng Tài chính - Kế hoạch chủ trì, …», «Đề nghị Ủy ban MTTQ và các đoàn thể: …»);
# bullets are lines starting «- ». The seed's numbering is left out (the app numbers).
DUTIES: dict[tuple[str, int], list[tuple[str, str]]] = {
    # Seed 000: UBND xã Cẩm Tân, 2023 (§III).
    ("ha-tinh.cam-xuyen.cam-tan", 2023): [
        (
            (
                "Các đồng chí công chức chuyên môn, các ban, ngành liên quan, các đồng chí "
                "thành viên BCĐ xã"
            ),
            (
                "- Trên cơ sở chức năng nhiệm vụ và văn bản hướng dẫn của cấp trên, chủ động "
                "phối hợp với các phòng, ban cấp huyện tham mưu, chỉ đạo thực hiện tốt các mục "
                "tiêu, chỉ tiêu đã đề ra trong chương trình xây dựng NTM giai đoạn 2023-2025 "
                "trên phạm vi toàn xã.\n"
                "- Chịu trách nhiệm trực tiếp đối với các tiêu chí đã được giao phụ trách đồng "
                "thời đánh giá thực tế các tiêu chí xây dựng NTM, để xã có cơ sở hoàn thiện hồ "
                "sơ trình UBND huyện thẩm định đối với các tiêu chí đã đăng ký.\n"
                "- Thực hiện và tham mưu cho Trưởng BCĐ xã, chủ tịch UBND xã đối với các tiêu "
                "chí xã NTM nâng cao đáp ứng theo yêu cầu của tiêu chí."
            ),
        ),
        (
            "Đối với các thôn",
            (
                "- Rà soát mức độ đạt chuẩn các tiêu chí thôn NTM, thôn NTM kiểu mẫu để lãnh "
                "đạo, chỉ đạo sát, đúng với tình hình thực tế của thôn trong việc từng bước "
                "hoàn thành các tiêu chí thôn NTM kiểu mẫu.\n"
                "- Tiếp tục vận động người dân duy trì công tác vệ sinh môi trường đường làng, "
                "ngõ xóm, trong các khu dân cư và tuyến đường.\n"
                "- Khuyến khích người dân xây dựng tường rào xanh, trồng hoa, cây xanh dọc "
                "hàng rào, quét vôi ve tường rào khu vực dân cư, tạo cảnh quan môi trường ngày "
                "càng xanh - sạch - đẹp.\n"
                "- Tập trung mọi nguồn lực để tạo việc làm tăng thu nhập cho người dân, quan "
                "tâm công tác đào tạo nghề cho lao động tại xã nhằm nâng cao tỷ lệ lao động "
                "qua đào tạo có bằng cấp chứng chỉ. Tuyên truyền vận động người dân tham gia "
                "các hình thức BHYT để đảm bảo theo yêu cầu."
            ),
        ),
    ],
    # Seed 001: UBND huyện Krông Nô, 2022 (§III): each item one sentence naming its body.
    ("dak-nong.krong-no", 2022): [
        (
            "",
            (
                "Căn cứ các nội dung của Kế hoạch này, các Phòng, Ban, ngành có liên quan chủ "
                "động xây dựng kế hoạch cụ thể để tổ chức thực hiện Chương trình xây dựng nông "
                "thôn mới năm 2022 gắn với các Chương trình, kế hoạch công tác năm của cơ "
                "quan, đơn vị."
            ),
        ),
        (
            "",
            (
                "Tổ công tác về chương trình mục tiêu quốc gia xây dựng nông thôn mới phân "
                "công nhiệm vụ cho thanh viên đơn đốc, kiểm tra, giám sát các xã được phân "
                "công phụ trách giúp đỡ trong việc thực hiện Chương trình xây dựng nông thôn "
                "mới. Kịp thời giúp đỡ, tháo gỡ những khó khăn, vướng mắc trong quá trình "
                "triển khai thực hiện, đồng thời báo cáo về Ban chỉ đạo các chương trình mục "
                "tiêu quốc gia chỉ đạo xử lý."
            ),
        ),
        (
            "",
            (
                "Giao Phòng Tài chính - Kế hoạch chủ trì, phối hợp với Phòng Nông nghiệp và "
                "Phát triển nông thôn, Văn phòng nông thôn mới huyện tham mưu cho UBND huyện "
                "phân bổ nguồn vốn Tỉnh hỗ trợ trực tiếp cho Chương trình. Bố trí ngân sách "
                "huyện để thực hiện Chương trình nhằm đạt các mục tiêu đề ra; Chủ trì, phối "
                "hợp với các đơn vị có liên quan thực hiện kiểm tra, hướng dẫn lập kế hoạch "
                "đầu tư hàng năm và trung hạn."
            ),
        ),
        (
            "",
            (
                "Đề nghị UBMTTQ Việt Nam huyện tiếp tục tham gia giám sát việc thực hiện các "
                "nội dung về xây dựng nông thôn mới trên địa bàn huyện và tổ chức đánh giá sự "
                "hài lòng của người dân trong việc xét, công nhận xã đạt chuẩn nông thôn mới "
                "trên địa bàn huyện. Tích cực tổ chức thực hiện công tác tuyên truyền, vận "
                "động về Chương trình xây dựng nông thôn mới thông qua tổ chức Mặt trận các "
                "cấp."
            ),
        ),
        (
            "",
            (
                "Ban chỉ đạo, Ban quản lý xây dựng nông thôn mới các xã căn cứ kế hoạch này "
                "điều chỉnh kế hoạch đã được phê duyệt cho phù hợp để tổ chức triển khai thực "
                "hiện đạt chỉ tiêu đề ra."
            ),
        ),
        (
            "",
            (
                "Giao Văn phòng nông thôn mới huyện đôn đốc UBND các xã và các Phòng, Ban, "
                "ngành có liên quan triển khai thực hiện kế hoạch này. Tổ chức kiểm tra, giám "
                "sát, hướng dẫn các xã trong việc triển khai thực hiện các tiêu chí, các nội "
                "dung của Chương trình. Đề xuất kịp thời cho Ban Chỉ đạo và UBND huyện chỉ đạo "
                "xử lý kịp thời các vướng mắc có liên quan trong quá trình tổ chức thực hiện."
            ),
        ),
    ],
    # Seed 002: BCĐ huyện Cẩm Xuyên, 2021 (§III).
    ("ha-tinh.cam-xuyen", 2021): [
        (
            "Ban Chỉ đạo NTM, UBND các thị trấn",
            (
                "- Tổ chức soát xét, đánh giá chính xác mức độ đạt chuẩn tiêu chí NTM, các nội "
                "dung cần tập trung thực hiện, lộ trình xây dựng để đạt chuẩn theo mốc thời "
                "gian nêu trên.\n"
                "- Tập trung lãnh đạo, chỉ đạo, phân công cụ thể, triển khai thực hiện hoàn "
                "thành các nội dung, tiêu chí theo kế hoạch.\n"
                "- Vận động Nhân dân tập trung chỉnh trang, nâng cấp các vườn hộ, cải tạo môi "
                "trường, trồng bổ sung hàng rào xanh đảm bảo đạt chuẩn, nâng cao mức độ đạt "
                "chuẩn tiêu chí Khu dân cư mẫu, vườn mẫu, môi trường.\n"
                "- Bố trí nguồn ngân sách xã, nguồn ngân sách Trung ương NTM, các nguồn lồng "
                "ghép và các nguồn vốn huy động khác để ưu tiên khắc phục các tiêu chí, nội "
                "dung bị rớt chuẩn và yêu cầu nâng cao mức độ đạt chuẩn."
            ),
        ),
        (
            "Các phòng, ngành phụ trách tiêu chí",
            (
                "theo các tiêu chí, nội dung được phân công phụ trách, soát xét, đánh giá mức "
                "độ đạt chuẩn, lập kế hoạch thực hiện tiêu chí; tham mưu lãnh đạo, chỉ đạo để "
                "xây dựng đạt chuẩn tiêu chí xã nông thôn mới, huyện nông thôn mới theo lộ "
                "trình.\n"
                "- Khâu nối với các Sở, ngành liên quan để kiểm tra, hướng dẫn, định hướng, "
                "thống nhất nội dung thực hiện tiêu chí xã, tiêu chí huyện nông thôn mới.\n"
                "- Phòng Tài chính - Kế hoạch: Chủ trì, phối hợp với các phòng, ngành liên "
                "quan, tham mưu phân bổ kịp thời các nguồn vốn; tham mưu triển khai kịp thời "
                "các dự án sử dụng đất trên địa bàn huyện để tăng nguồn thu, đảm bảo nguồn vốn "
                "xây dựng các công trình đã được phê duyệt.\n"
                "- Ban quản lý dự án huyện và các chủ đầu tư: trên cơ sở danh mục đầu tư được "
                "HĐND huyện phê duyệt, sớm lập thiết kế, dự toán, hoàn thiện quy trình thủ tục "
                "đầu tư để triển khai thực hiện kịp thời, đảm bảo tiến độ xây dựng huyện nông "
                "thôn mới.\n"
                "- Văn phòng điều phối NTM huyện chủ trì, phối hợp với các phòng, ngành liên "
                "quan tham mưu kịp thời công tác lãnh đạo, chỉ đạo; hoàn thiện hồ sơ đề nghị "
                "thẩm tra công nhận huyện đạt chuẩn nông thôn mới theo lộ trình."
            ),
        ),
        (
            "",
            (
                "Đề nghị các đồng chí được Ban Thường vụ Huyện ủy phân công chỉ đạo cơ sở, các "
                "thành viên Ban chỉ đạo huyện (có phân công chi tiết kèm theo).\n"
                "- Đối với các đồng chí Ủy viên Ban Thường vụ Huyện ủy: theo cụm chỉ đạo được "
                "phân công, chỉ đạo các địa phương hoàn thành các mục tiêu đặt ra, hàng tháng "
                "tổ chức soát xét, đánh giá kết quả thực hiện của các địa phương; chịu trách "
                "nhiệm trước Ban Thường vụ Huyện ủy về kết quả các địa phương trong cụm:\n"
                "- Đối với các đồng chí Ủy viên BCH Đảng bộ huyện, các đồng chí được phân công "
                "chỉ đạo cơ sở: theo địa bàn xã, thị trấn được phân công và mục tiêu của từng "
                "địa phương, chịu trách nhiệm trước Ban Thường vụ Huyện ủy về việc lãnh đạo, "
                "chỉ đạo và kết quả thực hiện của từng địa phương được phân công."
            ),
        ),
        (
            "",
            (
                "Đề nghị Ủy ban MTTQ và các đoàn thể: tăng cường công tác tuyên truyền, vận "
                "động hội viên, đoàn viên và toàn thể Nhân dân tham gia xây dựng NTM.\n"
                "- Ủy ban MTTQ huyện: Chủ trì cùng các đoàn thể chính trị xã hội phát động "
                "toàn dân chung tay xây dựng NTM, đô thị văn minh, lựa chọn ít nhất 1 đơn vị "
                "để ra quân hỗ trợ xây dựng NTM, đô thị văn minh; chỉ đạo các xã, thị trấn ra "
                "quân xây dựng NTM, đô thị văn minh; vận động xây dựng, hỗ trợ các đối tượng "
                "gia đình người có công, gia đình chính sách, hộ nghèo, cận nghèo, các hộ bị "
                "ảnh hưởng bởi lũ lụt, xây dựng nhà đại đoàn kết, nhà vượt lũ; tổ chức lấy ý "
                "kiến hài lòng người dân về xã NTM nâng cao, kiểu mẫu, huyện NTM. Hỗ trợ sinh "
                "kế cho người dân vươn lên thoát nghèo.\n"
                "- Hội LHPN huyện: phối hợp thực hiện tiêu chí môi trường, phân loại và xử lý "
                "rác thải, xử lý môi trường trong chăn nuôi; xây dựng các mô hình điểm về xây "
                "dựng gia đình 5 không 3 sạch gắn với tua tuyến huyện NTM.\n"
                "- Hội Nông dân huyện: phối hợp thực hiện tiêu chí sản xuất; xây dựng các mô "
                "hình kinh tế; xây dựng các mô hình phát triển kinh tế vườn gắn với vườn mẫu, "
                "khu dân cư mẫu.\n"
                "- Huyện đoàn: phối hợp xây dựng các tuyến đường mẫu; xây dựng cảnh quan các "
                "nhà văn hóa thôn gắn với tua tuyến huyện nông thôn mới. Huy động lực lượng "
                "thanh niên định kỳ ra quân thu gom rác thải, vệ sinh môi trường.\n"
                "- Hội CCB huyện: phối hợp xây dựng các tuyến đường mẫu; xây dựng cảnh quan "
                "các nhà văn hóa thôn gắn với tua tuyến huyện nông thôn mới.\n"
                "- Liên đoàn Lao động huyện: phối hợp xây dựng các tuyến đường mẫu; xây dựng "
                "cảnh quan các nhà văn hóa thôn gắn với tua tuyến huyện nông thôn mới. Vận "
                "động cán bộ, công chức tự giác chung tay xây dựng NTM, đô thị văn minh."
            ),
        ),
    ],
    # Seed 003: UBND xã Song Vân, 2024 (§III; the seed numbers 1–6 then 8).
    ("bac-giang.tan-yen.song-van", 2024): [
        (
            "Văn phòng UBND xã (Cơ quan Thường trực BCĐ xã)",
            (
                "Tham mưu kiện toàn, phân công nhiệm vụ cụ thể cho các thành viên BCĐ xây dựng "
                "NTM xã; tham mưu cho Hội đồng thi đua khen thưởng xã phát động phong trào thi "
                'đua "Song Vân chung sức xây dựng nông thôn mới giai đoạn 2022-2025". Kiểm '
                "tra, đôn đốc các ngành, thành viên, cán bộ công chức được giao phụ trách các "
                "chỉ tiêu, tiêu chí thực hiện hoàn thành các tiêu chí, chỉ tiêu bảo đảm xét "
                "công nhận thôn Nông thôn mới năm 2024, các thôn tổ chức thực hiện nhiệm vụ "
                "được giao; phối hợp cùng chuyên môn hướng dẫn hồ sơ thôn Nông thôn mới kiểu "
                "mẫu; tổng hợp, báo cáo theo quy định."
            ),
        ),
        (
            "Công chức Tài chính- kế toán",
            (
                "Rà soát, cân đối kinh phí từ nguồn sự nghiệp nông nghiệp năm 2024 để tham mưu "
                "kinh phí thưởng cho thôn NTM kiểu mẫu sau khi được cấp có thẩm quyền công "
                "nhận theo quy định, thưởng cho các thôn hoàn thành các tiêu chí theo kế "
                "hoạch. Kiểm tra, lập hồ sơ quyết toán các dự án, công trình NTM, thanh toán "
                "giảm công nợ; bố trí lồng ghép, phân bổ các nguồn vốn để thực hiện Chương "
                "trình."
            ),
        ),
        (
            "Công chức Địa chính- NN- Xây dựng- MT",
            (
                "Tham mưu triển khai thực hiện các nội dung thuộc lĩnh vực ngành phụ trách "
                "theo phương án quy hoạch đã được phê duyệt. Quản lý chất lượng các công trình "
                "xây dựng; tham mưu các biện pháp nâng cao hiệu quả quản lý các hạng mục công "
                "trình có sự tham gia đóng góp của người dân. Trực tiếp tham mưu thực hiện, "
                "hướng dẫn, đôn đốc, kiểm tra, thẩm tra, thẩm định các tiêu chí NTM do ngành "
                "phụ trách. Chỉ đạo làm tốt công tác vệ sinh môi trường; có kế hoạch phối hợp "
                "với các ngành đoàn thể xã rà soát, đánh giá hiệu quả hoạt động của các Tổ vệ "
                "sinh môi trường; kịp thời đề xuất, biểu dương, khen thưởng đối với các tổ "
                "chức làm tốt để nhân ra diện rộng; Chủ trì phối hợp với chuyên môn liên quan "
                "chỉ đạo, hướng dẫn thực hiện, thẩm tra, thẩm định tiêu chí môi trường."
            ),
        ),
        (
            "Công chức Văn hóa- xã hội",
            (
                "Tham mưu triển khai thực hiện có hiệu quả Kế hoạch số 405/KHUBND ngày "
                "26/10/2020 của UBND huyện triển khai Đề án số 216/ĐA-UBND ngày 31/7/2020 của "
                "UBND tỉnh Bắc Giang về nâng cao chất lượng phong trào “Toàn dân đoàn kết xây "
                "dựng đời sống văn hóa” giai đoạn 2021-2025; Kế hoạch tổng thể số 4035/KH-BCĐ "
                "ngày 10/9/2020 của Ban chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời "
                "sống văn hóa” và công tác gia đình của tỉnh. Chủ trì, phối hợp với các chuyên "
                "môn, thôn Hoàng Vân, thôn Tân Lập trong việc hướng dẫn thiết lập, hoàn thiện "
                "hồ sơ chứng minh tiêu chí; kiểm tra, thẩm tra, thẩm định tiêu chí thuộc lĩnh "
                "vực ngành phụ trách."
            ),
        ),
        (
            "",
            (
                "Đề nghị Mặt trận Tổ quốc và các tổ chức chính trị- xã hội xã:\n"
                "Tiếp tục chỉ đạo các tổ chức hội phối hợp chặt chẽ với chính quyền cùng cấp "
                "đẩy mạnh và nâng cao chất lượng cuộc vận động “Toàn dân đoàn kết xây dựng đời "
                "sống văn hóa ở khu dân cư” gắn với xây dựng nông thôn mới. Phát huy tốt vai "
                "trò giám sát, phản biện việc thực hiện chủ trương, chính sách, việc huy động "
                "và sử dụng các nguồn lực thực hiện chương trình; tham gia đánh giá mức độ hài "
                "lòng của người dân về kết quả xây dựng NTM làm cơ sở để công nhận đạt chuẩn "
                "nông thôn mới nâng cao/kiểu mẫu. Lựa chọn một số công việc cụ thể liên quan "
                "đến các tiêu chí của lĩnh vực phụ trách để chỉ đạo các xã vận động, khuyến "
                "khích, động viên hội viên của mình chung sức xây dựng nông thôn mới."
            ),
        ),
        (
            "Các ngành thành viên BCĐ NTM xã",
            (
                "Căn cứ chức năng nhiệm vụ được giao có trách nhiệm trực tiếp tham mưu, hướng "
                "dẫn, kiểm tra, đôn đốc và thẩm tra các tiêu chí xây dựng nông thôn mới thuộc "
                "lĩnh vực ngành phụ trách."
            ),
        ),
        (
            "Các thôn trong toàn xã",
            (
                "- Trên cơ sở kế hoạch của UBND xã, Ban phát triển các thôn xây dựng kế hoạch "
                "cụ thể năm 2024 xong trước ngày 05/4/2024 để triển khai, tổ chức thực hiện.\n"
                "- Đối với hai thôn Hoàng Vân và thôn Tân Lập: Ban phát triển thôn tổ chức "
                "khảo sát, đánh giá thực trạng các tiêu chí NTM của thôn, lập phương án xây "
                "dựng thôn NTM kiểu mẫu căn cứ Bộ tiêu chí thôn nông thôn mới kiểu mẫu theo "
                "Quyết định số 11/2018/QĐ-UBND ngày 15/5/2018 của UBND tỉnh Bắc Giang; Quyết "
                "định Số 20/2023/QĐ-UBND Bắc Giang, ngày 10 tháng 7 năm 2023, sửa đổi, bổ sung "
                "một số nội dung tiêu chí của Phụ lục Bộ tiêu chí thôn nông thôn mới kiểu mẫu "
                "trên địa bàn tỉnh Bắc Giang ban hành kèm theo Quyết định số 11/2018/QĐ-UBND "
                "ngày 15/5/2018 của UBND tỉnh Bắc Giang. Lập, trình UBND xã phê duyệt Phương "
                "án thực hiện, xong trước ngày 01/4/2024 gửi về Ban chỉ đạo NTM xã để duyệt và "
                "trình BCĐ huyện."
            ),
        ),
    ],
    # Seed 004: Đảng ủy xã Thiện Kế, 2020 (§V): each item one sentence.
    ("tuyen-quang.son-duong.thien-ke", 2020): [
        (
            "",
            (
                "Các tổ chức, cá nhân được phân công chịu trách nhiệm chủ trì, tham mưu cho "
                "Ban chỉ đạo xây dựng nông thôn mới, Ban chấp hành Đảng bộ xã lãnh đạo, chỉ "
                "đạo, giải pháp và trực tiếp tổ chức thực hiện nội dung, tiêu chí đó đảm bảo "
                "hoàn thành kịp thời và có chất lượng;"
            ),
        ),
        (
            "",
            (
                "Các tổ chức cá nhân không được giao phụ trách tiêu chí tùy chức năng, nhiệm "
                "vụ có trách nhiệm phối hợp với tổ chức, cá nhân được giao phụ trách để thực "
                "hiện phù hợp với chức trách, nhiêm vụ và chuyên môn;"
            ),
        ),
        (
            "",
            (
                "Hàng tháng, quý báo cáo tình hình thực hiện từng nội dung, tiêu chí tại phiên "
                "họp thường kỳ của Đảng ủy, UBND xã, Ban chỉ đạo xây dựng nông thôn mới xã;"
            ),
        ),
        (
            "",
            (
                "Thường trực Đảng ủy chủ trì, phối hợp với Ban chỉ đạo xây dựng nông thôn mới "
                "theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch này, báo cáo Đảng ủy "
                "thường xuyên tại các kỳ họp"
            ),
        ),
    ],
}

# (unit code, issuer) -> «Nơi nhận», one line per recipient, punctuation as the seed writes it.
# Seed 004 (Đảng ủy xã Thiện Kế) has no «Nơi nhận».
RECIPIENTS: dict[tuple[str, str], list[str]] = {
    # Seed 000
    ("ha-tinh.cam-xuyen.cam-tan", "ubnd"): [
        "Văn phòng điều phối NTM huyện(để b/c);",
        "TT Đảng ủy, HĐND (để b/c);",
        "Chủ tịch, các PCT UBND xã;",
        "MTTQ và các đoàn thể chính trị;",
        "Thành viên BCĐ các CT MTQG xã;",
        "Các thôn;",
        "Lưu VT, NN.",
    ],
    # Seed 001
    ("dak-nong.krong-no", "ubnd"): [
        "BCĐ các chương trình MTQG tỉnh;",
        "Văn phòng Điều phối NTM tỉnh;",
        "TT. Huyện ủy;",
        "TT. HĐND huyện;",
        "CT, các PCT UBND huyện;",
        "Các thành viên BCĐ huyện;",
        "Các thành viên tổ NTM huyện;",
        "Ủy ban MTTQ Việt Nam huyện;",
        "Các Phòng, Ban, ngành; đoàn thể;",
        "UBND các xã;",
        "Văn phòng NTM huyện;",
        "LĐ VP HĐND- UBND huyện;",
        "Lưu: VT.",
    ],
    # Seed 002 (no «;» after the third line, as the seed writes it)
    ("ha-tinh.cam-xuyen", "bcd"): [
        "TT Huyện ủy;",
        "UBND huyện;",
        "Các thành viên BCĐ xây dựng NTM huyện",
        "Các phòng, ban, ngành, đoàn thể cấp huyện;",
        "Văn phòng Điều phối NTM huyện;",
        "BCĐNTM, UBND các xã, thị trấn.",
        "Lưu VT.",
    ],
    # Seed 003 (the last two under «Bản điện tử:» in the seed)
    ("bac-giang.tan-yen.song-van", "ubnd"): [
        "TT. ĐU-HĐND, UBND, UBMTTQ xã (b/c);",
        "BCĐ NTM xã;",
        "13 thôn;",
        "BCĐ NTM huyện;",
        "Lưu: VT.",
    ],
}
# (unit code, issuer, full name, position): the signer each seed names, in order per issuer.
# Seed 002 (BCĐ huyện Cẩm Xuyên) signs as «BÍ THƯ HUYỆN ỦY» with no name under it: the office
# is kept, the name left blank. Seed 004 has no signature block.
SIGNATORIES: list[tuple[str, str, str, str]] = [
    ("ha-tinh.cam-xuyen.cam-tan", "ubnd", "Trịnh Minh Chung", "Phó Chủ tịch UBND xã"),
    ("dak-nong.krong-no", "ubnd", "Nguyễn Xuân Danh", "Phó Chủ tịch UBND huyện"),
    ("ha-tinh.cam-xuyen", "bcd", "", "Bí thư Huyện ủy"),
    ("bac-giang.tan-yen.song-van", "ubnd", "Dương Văn Mùa", "Chủ tịch UBND xã"),
]

# The texts seeds 003 and 002 cite, with the number and date the seed states, that
# LEGAL_LIBRARY lacks (same shape: unit code or None, kind, number, date, body, title).
# Seed 002 cites none with both: «Nghị quyết số Đại hội đại biểu Đảng bộ huyện lần thứ XXXII»
# (no number), «Quyết định 05 và Quyết định 28 của UBND tỉnh» (no date).
LEGAL_EXTRA = [
    # Seed 003, its bases («Thực hiện Kế hoạch số 73/KH-UBND …; Kế hoạch số 48/KH-UBND …»)
    (
        "bac-giang.tan-yen",
        K.KE_HOACH,
        "73/KH-UBND",
        date(2021, 4, 7),
        "UBND huyện",
        "thực hiện Chương trình mục tiêu Quốc gia xây dựng Nông thôn mới huyện Tân Yên giai "
        "đoạn 2021- 2025",
    ),
    (
        "bac-giang.tan-yen",
        K.KE_HOACH,
        "48/KH-UBND",
        date(2024, 2, 26),
        "UBND huyện Tân Yên",
        "về thực hiện Chương trình mục tiêu Quốc gia xây dựng Nông thôn mới huyện Tân Yên năm 2024",
    ),
    # Seed 003 §III.4 («Tham mưu triển khai thực hiện có hiệu quả Kế hoạch số 405/KHUBND …»;
    # the number as the seed writes it, without the hyphen of «KH-UBND»)
    (
        "bac-giang.tan-yen",
        K.KE_HOACH,
        "405/KHUBND",
        date(2020, 10, 26),
        "UBND huyện",
        "triển khai Đề án số 216/ĐA-UBND ngày 31/7/2020 của UBND tỉnh Bắc Giang về nâng cao "
        "chất lượng phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” giai đoạn "
        "2021-2025",
    ),
    (  # an Đề án: no kind of its own, filed as «Văn bản»
        "bac-giang",
        K.KHAC,
        "216/ĐA-UBND",
        date(2020, 7, 31),
        "UBND tỉnh Bắc Giang",
        "về nâng cao chất lượng phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” giai "
        "đoạn 2021-2025",
    ),
    (  # «Kế hoạch tổng thể số 4035/KH-BCĐ …»; the seed gives no title
        "bac-giang",
        K.KE_HOACH,
        "4035/KH-BCĐ",
        date(2020, 9, 10),
        "Ban chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” và công tác gia "
        "đình của tỉnh",
        "",
    ),
    # Seed 003 §III.8 («căn cứ Bộ tiêu chí thôn nông thôn mới kiểu mẫu theo Quyết định số
    # 11/2018/QĐ-UBND …; Quyết định Số 20/2023/QĐ-UBND Bắc Giang, ngày 10 tháng 7 năm 2023, …»)
    (
        "bac-giang",
        K.QUYET_DINH,
        "11/2018/QĐ-UBND",
        date(2018, 5, 15),
        "UBND tỉnh Bắc Giang",
        "",
    ),
    (
        "bac-giang",
        K.QUYET_DINH,
        "20/2023/QĐ-UBND",
        date(2023, 7, 10),
        "UBND tỉnh Bắc Giang",
        "sửa đổi, bổ sung một số nội dung tiêu chí của Phụ lục Bộ tiêu chí thôn nông thôn mới "
        "kiểu mẫu trên địa bàn tỉnh Bắc Giang ban hành kèm theo Quyết định số 11/2018/QĐ-UBND "
        "ngày 15/5/2018 của UBND tỉnh Bắc Giang",
    ),
]

# The Party congresses' resolutions the seeds act on, cited by name (no number): seed 002 l.10
# («Thực hiện Nghị quyết số Đại hội đại biểu Đảng bộ huyện lần thứ XXXII»), seed 004 l.7
# («Thực hiện Nghị quyết Đại hội Đảng bộ huyện Sơn Dương lần thứ XX, Nghị quyết Đại hội Đảng
# bộ xã nhiệm kỳ 2015-2020»).
LEGAL_BY_NAME = [
    ("ha-tinh.cam-xuyen", "Đại hội đại biểu Đảng bộ huyện lần thứ XXXII", (2021, 2021)),
    ("tuyen-quang.son-duong", "Đại hội Đảng bộ huyện Sơn Dương lần thứ XX", (2016, 2020)),
    ("tuyen-quang.son-duong.thien-ke", "Đại hội Đảng bộ xã nhiệm kỳ 2015-2020", (2016, 2020)),
]

# The seed-003 bases every new draft of Tân Yên's units cites in these years (as the
# district's offices would set them in their library).
CITE_EXTRA = {"73/KH-UBND": (2021, 2025), "48/KH-UBND": (2024, 2024)}


def seed_documents() -> None:
    """Write the duties, recipients, signers, measures and extra legal texts above through the
    services a user's page uses (each on record), skipping a (unit, year) or (unit, issuer)
    that already has rows, and a legal text already in its library."""
    units = {}

    def unit(code):
        if code not in units:
            units[code] = Unit.objects.get(code=code)
        return units[code]

    for part, data in (
        (PlanItem.Part.PURPOSES, PURPOSES),
        (PlanItem.Part.GOALS, GOALS),
        (PlanItem.Part.MEASURES, GENERAL_MEASURES),
        (PlanItem.Part.DUTIES, DUTIES),
    ):
        for (code, year), items in data.items():
            if PlanItem.objects.filter(unit=unit(code), year=year, part=part).exists():
                continue
            rows = [ItemRow(None, None, i, head, text) for i, (head, text) in enumerate(items, 1)]
            items_save(unit=unit(code), year=year, part=part, rows=rows, actor=None)

    for (code, issuer), lines in RECIPIENTS.items():
        if not RecipientList.objects.filter(unit=unit(code), issuer=issuer).exists():
            recipients_save(
                unit=unit(code), issuer=issuer, text="\n".join(lines), version=None, actor=None
            )

    people: dict[str, list[SignatoryRow]] = {}
    for code, issuer, full_name, position in SIGNATORIES:
        rows = people.setdefault(code, [])
        rows.append(SignatoryRow(None, None, issuer, full_name, position, len(rows) + 1, True))
    for code, rows in people.items():
        if not Signatory.objects.filter(unit=unit(code)).exists():
            signatories_save(unit=unit(code), rows=rows, actor=None)

    criteria = {c.number: c for c in Criterion.objects.filter(framework__key=F318)}
    for (code, year), by_number in MEASURES.items():
        if CriterionMeasure.objects.filter(unit=unit(code), year=year).exists():
            continue
        rows = [
            MeasureRow(criteria[number], target, measures, None)
            for number, (target, measures) in by_number.items()
        ]
        measures_save(unit=unit(code), year=year, rows=rows, actor=None)

    by_name = [(code, K.NGHI_QUYET, "", None, name, "") for code, name, _years in LEGAL_BY_NAME]
    seed_legal_library(
        LEGAL_EXTRA + by_name,
        {**CITE_BY_DEFAULT, **CITE_EXTRA, **{name: years for _c, name, years in LEGAL_BY_NAME}},
    )
