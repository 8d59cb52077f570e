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

# (unit code, year) -> the general groups of § «Nhiệm vụ, giải pháp», in order, as (heading,
# text): the heading is the group's title without its number (nor a closing «:» or «.»), the
# text one line per item or paragraph, each keeping the number, letter or «- » the seed gives it.
# Left out: what is per criterion (MEASURES) or the app writes from other data (Song Vân's §2.1,
# 2.4 from the villages' targets, §2.8 from the tasks; Cẩm Xuyên's §II.2.3–2.4 from the tasks)
# and Cẩm Tân's §II.2 «Nhiệm vụ», which only lists the unmet criteria.
GENERAL_MEASURES: dict[tuple[str, int], list[tuple[str, str]]] = {
    # Seed 000: UBND xã Cẩm Tân, 2023 (§II.3 «Giải pháp»).
    ("ha-tinh.cam-xuyen.cam-tan", 2023): [
        (
            "Giải pháp",
            (
                "- Tiếp tục tăng cường công tác tuyên truyền, phổ biến các chủ trương của Đảng, "
                "chính sách, pháp luật của Nhà nước về Chương trình MTQG xây dựng NTM cho cán "
                "bộ, đảng viên và nhân dân nhằm tạo bước chuyển biến mạnh mẽ về nhận thức, "
                "trách nhiệm của các cấp, các ngành, các tổ chức, đoàn thể và mỗi người dân; "
                "đặc biệt là tuyên truyền cho mỗi người dân nông thôn nhận thức rõ vai trò chủ "
                "thể, hiểu được lợi ích và trách nhiệm của mình trong việc thực hiện Chương "
                "trình.\n"
                "- Tăng cường công tác đào tạo, bồi dưỡng cho cán bộ thực hiện Chương trình xây "
                "dựng NTM xã, thôn nhằm nâng cao kiến thức, năng lực quản lý và thực thi nhiệm "
                "vụ trong xây dựng NTM."
            ),
        ),
    ],
    # Seed 001: UBND huyện Krông Nô, 2022 (§II «Nhiệm vụ, giải pháp thực hiện», items 1–3).
    ("dak-nong.krong-no", 2022): [
        (
            "Nhiệm vụ, giải pháp chung",
            (
                "1.1. Kiện toàn Ban chỉ đạo các chương trình mục tiêu quốc gia giai đoạn "
                "2021-2025; thành lập tổ giúp việc về Chương trình mục tiêu quốc gia xây dựng "
                "nông thôn mới giai đoạn 2021-2025 cấp huyện, phân công nhiệm vụ của các thành "
                "viên liên quan đến việc thực hiện các tiêu chí, lĩnh vực do các cơ quan, đơn "
                "vị quản lý; xác định rõ vai trò, trách nhiệm và sự phối hợp của các cơ quan, "
                "tổ chức và người dân trong xây dựng nông thôn mới; kiện toàn lại Ban chỉ đạo, "
                "ban quản lý các xã. Nâng cao hơn nữa vai trò, trách nhiệm của cấp ủy, chính "
                "quyền các cấp và cả hệ thống chính trị trong xây dựng nông thôn mới, nhất là "
                "vai trò của người đứng đầu.\n"
                "1.2. Tiếp tục tập trung đẩy mạnh công tác tuyên truyền, đào tạo, tập huấn Bộ "
                "tiêu chí xây dựng nông thôn mới, các cơ chế, chính sách, mục tiêu, nội dung "
                "Chương trình xây dựng nông thôn mới giai đoạn 2021-2025; tổ chức xây dựng kế "
                "hoạch và thực hiện sâu rộng phong trào thi đua “Krông Nô chung sức xây dựng "
                "nông thôn mới giai đoạn 2021-2025” và cuộc vận động “Toàn dân đoàn kết xây "
                "dựng nông thôn mới, đô thị văn minh”. Công tác tuyên truyền, vận động phải "
                "thực hiện thường xuyên, liên tục bằng nhiều hình thức thiết thực để người dân "
                "dễ hiểu và tích cực tham gia hưởng ứng trên tinh thần tự nguyện của người dân.\n"
                "1.3. Rà soát, điều chỉnh, bổ sung quy hoạch, đề án xây dựng nông thôn mới của "
                "huyện, của xã để phù hợp với tình hình thực hiện trong giai đoạn 2021-2025. "
                "Tiến hành lập quy hoạch và điều chỉnh quy hoạch chi tiết cho các xã nhằm nâng "
                "cao chất lượng tiêu chí về quy hoạch cũng như thuận tiện trong quá trình tổ "
                "chức thực hiện Đề án nông thôn mới của xã. Trong đó chú ý vấn đề xây dựng nông "
                "thôn mới gắn với quá trình đô thị hóa, thích ứng với biến đổi khí hậu.\n"
                "1.4. Tập trung chỉ đạo hình thành các tổ chức sản xuất (Hợp tác xã, tổ hợp "
                "tác) để hình thành các mô hình liên kết sản xuất, phát triển sản xuất, nâng "
                "cao thu nhập cho người dân nông thôn; huy động, lồng ghép có hiệu quả các "
                "nguồn vốn từ các Chương trình, các dự án đang thực hiện trên địa bàn để thực "
                "hiện các nội dung, mục tiêu chung của Chương trình xây dựng nông thôn mới. "
                "Ngoài ra, các xã chủ động phối hợp với các tổ chức tín dụng trên địa bàn để "
                "tuyên truyền rộng rãi và có các biện pháp giúp người dân tiếp cận nguồn vốn "
                "tín dụng ưu đãi của nhà nước.\n"
                "1.5. Tiếp tục đầu tư, duy tu, bảo dưỡng nâng cao chất lượng hệ thống hạ tầng "
                "phục vụ sản xuất và dân sinh trên địa bàn huyện; phát huy vai trò chủ thể của "
                "người dân, tự quyết định, tự thực hiện, tự giám sát đối với các công trình, dự "
                "án có kỹ thuật đơn giản, đã có thiết kế mẫu.\n"
                "1.6. Nâng cao chất lượng, hiệu quả hoạt động của các hợp tác xã; tập trung "
                "phát triển liên kết sản xuất theo chuỗi giá trị, quảng bá, xúc tiến thương mại "
                "để nâng cao giá trị sản phẩm. Thực hiện có hiệu quả Chương trình mỗi xã một "
                "sản phẩm OCOP theo hướng nâng cao chất lượng gắn với xây dựng thương hiệu sản "
                "phẩm, tăng khả năng cạnh tranh và hướng tới xuất khẩu. Chú trọng khâu truyền "
                "thông về sản phẩm OCOP để người tiêu dùng biết, hiểu đúng và tin cậy về sản "
                "phẩm OCOP. Thực hiện tốt việc truy xuất nguồn gốc các sản phẩm chủ lực xã gắn "
                "với xây dựng vùng nguyên liệu và được chứng nhận VietGap. Bảo tồn và phát "
                "triển các nghề truyền thống.\n"
                "1.7. Thực hiện có hiệu quả Chương trình mục tiêu quốc gia giảm nghèo bền vững, "
                "chương trình mục tiêu quốc gia phát triển kinh tế-xã hội vùng đồng bào dân tộc "
                "thiểu số. Tập trung nguồn lực ưu tiên hỗ trợ cho hộ nghèo đăng ký thoát nghèo "
                "trong năm 2022, hộ nghèo có ý chí vươn lên thoát nghèo bền vững; Phát huy được "
                "tinh thần đoàn kết, tương thân, tương ái, hỗ trợ, giúp đỡ hộ nghèo, hộ cận "
                "nghèo; có sự tham gia vào cuộc đồng bộ, quyết liệt của cả hệ thống chính trị "
                "từ huyện đến cơ sở; khơi dậy, khuyến khích sự tích cực, chủ động của hộ nghèo, "
                "hộ cận nghèo trong việc tham gia học nghề, tổ chức sản xuất, đăng ký thoát "
                "nghèo bền vững. -\n"
                "1.8. Duy trì, nâng cao phổ cập giáo dục mầm non cho trẻ 5 tuổi; nâng cao kết "
                "quả phổ cập giáo dục tiểu học đúng độ tuổi và phổ cập giáo dục trung học cơ "
                "sở. Tập trung phát triển y tế cơ sở, nâng cao chất lượng chăm sóc sức khỏe cho "
                "người dân nông thôn; tích cực vận động người dân tham gia bảo hiểm y tế, phấn "
                "đấu đến hết năm 2022 tỷ lệ bao phủ người dân tham gia bảo hiểm y tế đạt từ 90% "
                "trở lên. Nâng cao hiệu quả hoạt động của hệ thống thiết chế văn hóa, thể thao "
                "cơ sở; quan tâm đầu tư xây dựng các khu vui chơi, giải trí để đáp ứng nhu cầu "
                "vui chơi, giải trí nâng cao sức khỏe cho người dân.\n"
                "1.9. Tổ chức thực hiện tốt công tác vệ sinh môi trường và an toàn thực phẩm. "
                "Đồng thời, đẩy mạnh công tác tuyên truyền, vận động người dân tự ý thức thu "
                "gom, phân loại, xử lý rác thải tại hộ gia đình theo quy định; cải tạo, chỉnh "
                "trang khuôn viên, cảnh quan môi trường xanh – sạch – đẹp ở khu dân cư, khu nhà "
                "ở hộ gia đình; kịp thời xử lý, khắc phục tình trạng ô nhiễm môi trường tại các "
                "cơ sở sản xuất kinh doanh bị ô nhiễm...Tiếp tục duy trì các phong trào nói "
                "không với rác thải nhựa. Tiếp tục tổ chức triển khai thực hiện hiệu quả cuộc "
                "vận động xây dựng gia đình “5 không 3 sạch” do Trung ương Hội liên hiệp phụ nữ "
                "phát động; Huy động toàn dân triển khai thực hiện chương trình trồng 1 tỷ cây "
                "xanh do Thủ tướng Chính phủ phát động.\n"
                "1.10. Tổ chức các lớp đào tạo, bồi dưỡng cho cán bộ, công chức cấp xã nhằm đạt "
                "chuẩn theo quy định. Mở các lớp bồi dưỡng kiến thức về xây dựng nông thôn mới "
                "cho người dân, đào tạo nâng cao năng lực cộng đồng gắn với nâng cao hiệu quả "
                "hoạt động của Ban phát triển các thôn, buôn, bon.\n"
                "1.11. Thực hiện hiệu quả công tác kiểm tra, giám sát trong xây dựng nông thôn "
                "mới; phát huy vai trò giám sát và phản biện xã hội của Mặt trận Tổ quốc và các "
                "tổ chức giám sát của cộng đồng dân cư đối với xây dựng nông thôn mới."
            ),
        ),
        (
            "Nhiệm vụ, giải pháp đối với các xã đã được công nhận đạt chuẩn nông thôn mới",
            (
                "2.1. Rà soát lại 19 tiêu chí theo Quyết định số 318/QĐ-TTg ngày 8/3/2022 giai "
                "đoạn 2021-2026 đã được phê duyệt, từ đó xây dựng kế hoạch, nâng cao chất lượng "
                "các tiêu chí nông thôn mới.\n"
                "2.2. Tiếp tục tập trung đẩy mạnh công tác tuyên truyền, vận động; huy động sự "
                "vào cuộc tích cực từ các tổ chức đoàn thể, xã hội, nhất là các doanh nghiệp, "
                "người dân trên địa bàn xã để giữ vững kết quả đã đạt và đầu tư xây dựng, nâng "
                "cao chất lượng các tiêu chí; đặc biệt quan tâm đến các tiêu chí có tính động "
                "như: Quốc phòng - An ninh, Hệ thống chính trị và tiếp cận pháp luật, Văn hóa, "
                "Y tế, Môi trường...\n"
                "2.3. Các phòng, ban ngành của huyện có trách nhiệm hỗ trợ, giúp đỡ các xã đạt "
                "chuẩn nông thôn mới để giữ vững danh hiệu “xã đạt chuẩn nông thôn mới”, tiến "
                "tới phấn đấu đạt chuẩn “xã nông thôn mới nâng cao” đến “xã nông thôn mới kiểu "
                "mẫu”."
            ),
        ),
        (
            (
                "Nhiệm vụ, giải pháp đối với các xã phấn đấu hoàn thành 19 tiêu chí vào cuối "
                "năm 2022 (Năm N’Đir, Năm Nung, Nam Xuân)"
            ),
            (
                "3.1. Khẩn trương rà soát, đánh giá cụ thể mức độ đạt chính xác các tiêu chí "
                "nông thôn mới theo Bộ tiêu chí xã nông thôn mới tại Quyết định số 318/QĐ-TTg "
                "ngày 8/3/2021 của Thủ tướng chính phủ và các văn bản hướng dẫn của Bộ, ngành, "
                "của UBND tỉnh, từ đó đưa ra các giải pháp để duy trì các tiêu chí đã đạt.\n"
                "3.2. Đối với các tiêu chí đăng ký năm 2022 tập trung các nguồn lực, nhiệm vụ, "
                "giải pháp, chủ động phối hợp với các cơ quan chuyên môn để được hướng dẫn "
                "triển khai thực hiện các tiêu chí, giao nhiệm vụ cụ thể cho các ngành ở xã để "
                "triển khai thực hiện đạt kế hoạch đề ra.\n"
                "3.3. Chủ động liên hệ với các phòng ban phụ trách các tiêu chí để bổ sung các "
                "tài liệu, hồ sơ minh chứng liên quan đến 19 tiêu chí.\n"
                "3.4. Tập trung đẩy mạnh công tác tuyên truyền, vận động để huy động sự vào "
                "cuộc tích cực từ các tổ chức đoàn thể, xã hội, nhất là người dân trên địa bàn "
                "xã trong việc thực hiện các nội dung, tiêu chí về nông thôn mới. Phân công cụ "
                "thể cho các tổ chức, đoàn thể và các đảng viên trên địa bàn xã trong việc thực "
                "hiện các nội dung, công việc về xây dựng nông thôn mới.\n"
                "3.5. Các cơ quan cấp huyện ưu tiên, lồng ghép các nguồn lực để bố trí, hỗ trợ "
                "cho các xã trong việc xây dựng đạt chuẩn các tiêu chí còn lại; thường xuyên "
                "theo dõi, kiểm tra, giám sát để giúp các xã tháo gỡ các khó khăn, vướng mắc "
                "trong quá trình thực hiện. Các xã phấn đấu đạt chuẩn phải tận dụng tối đa và "
                "bố trí các nguồn lực được phân bổ, hỗ trợ phù hợp, đúng với các nội dung, mục "
                "đích để đạt được mục tiêu đề ra."
            ),
        ),
    ],
    # Seed 002: BCĐ huyện Cẩm Xuyên, 2021 (§II.2 «Nhiệm vụ, và giải pháp», items 2.1–2.2).
    ("ha-tinh.cam-xuyen", 2021): [
        (
            "Củng cố đạt chuẩn tiêu chí xã nông thôn mới",
            (
                "- Ban chỉ đạo NTM các xã rà soát, đánh giá mức độ đạt chuẩn tiêu chí, xây dựng "
                "Khung kế hoạch củng cố, nâng cao mức độ đạt chuẩn tiêu chí nông thôn mới theo "
                "Quyết định 05 và Quyết định 28 của UBND tỉnh. Xây dựng lộ trình, phân công cụ "
                "thể cán bộ phụ trách tiêu chí.\n"
                "- Chỉ đạo quyết liệt, ưu tiên phân bổ nguồn lực, nguồn ngân sách địa phương, "
                "nguồn ngân sách Trung ương thực hiện chương trình năm 2021 để củng cố đạt "
                "chuẩn tiêu chí trong quý I/2021.\n"
                "- Tập trung rà soát, đánh giá mức độ đạt chuẩn các khu dân cư, chỉ đạo kịp "
                "thời hoàn thành khắc phục các hư hại do lũ lụt gây ra; tập trung cải tạo vườn "
                "hộ, cải tạo cảnh quan môi trường đảm bảo nổi bật, thuyết phục, tạo bộ mặt cho "
                "xây dựng huyện nông thôn mới."
            ),
        ),
        (
            "Xây dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
            (
                "Căn cứ bộ tiêu chí xã nâng cao, xã kiểu mẫu, các xã rà soát, xây dựng Đề án xã "
                "nông thôn mới nâng cao, nông thôn mới kiểu mẫu, Khung kế hoạch, lộ trình đạt "
                "chuẩn xã nông thôn mới nâng cao; phân công phân cán bộ phụ trách chỉ đạo thực "
                "hiện; hàng tuần tổ chức giao ban, đánh giá kết quả thực hiện. Tập trung chỉ "
                "phát triển sản xuất, xây dựng các mô hình liên kết, củng cố hoạt động các hợp "
                "tác xã; chỉ đạo xây dựng khu dân cư mẫu, vườn mẫu tạo chuyển biến rõ nét, "
                "thuyết phục."
            ),
        ),
    ],
    # Seed 003: UBND xã Song Vân, 2024 (§II.2 «Nhiệm vụ và giải pháp», items 2.2, 2.5–2.7).
    ("bac-giang.tan-yen.song-van", 2024): [
        (
            (
                "Tập trung, đẩy mạnh phát triển kết cấu hạ tầng, sản xuất nâng cao thu nhập, "
                "chất lượng cuộc sống của người dân nông thôn"
            ),
            (
                "Phối hợp đẩy nhanh tiến độ các dự án quan trọng trên địa bàn xã: dự án mở rộng "
                "trường Mầm non xã Song Vân, dự án khu dân cư Bờ Phoi- thôn Đông Lai, Sau Nộm- "
                "thôn Bùi, xã Song Vân;... cải tạo, mở rộng một số tuyến đường trục thôn. Tiếp "
                "tục đầu tư cải tạo công trình thủy lợi phục vụ sản xuất tập trung, đáp ứng nhu "
                "cầu sản xuất của người dân trên địa bàn.\n"
                "Duy trì và nâng cao chất lượng các phong trào, hoạt động TDTT gắn với nét đẹp "
                "văn hóa truyền thống địa phương; chú trọng nâng cao hiệu quả công tác vệ sinh "
                "môi trường, tạo cảnh quan nông thôn theo hướng xanh- sạch- đẹp. Tiếp tục đẩy "
                "mạnh phát triển sản xuất hàng hóa tập trung theo chuỗi liên kết; tăng cường "
                "ứng dụng tiến bộ KHKT (cây ăn quả, rau quả thực phẩm, lợn thịt, gà, cá). Duy "
                "trì phát triển sản phẩm Bánh Gio Vân Song Vân chủ thể Đoàn Bá Thái đạt tiêu "
                "chuẩn OCOP- Ba sao cấp huyện."
            ),
        ),
        (
            (
                "Tiếp tục tranh thủ và huy động nguồn lực để nâng cao chất lượng tiêu chí nông "
                "thôn mới"
            ),
            (
                "Tiếp tục huy động, lồng ghép, bố trí nguồn lực cho xây dựng NTM, chú trọng "
                "phát huy nội lực của cộng đồng dân cư, vận động nhân dân đóng góp sức người, "
                "sức của, hiến đất, ngày công ... để góp phần cùng với ngân sách nhà nước xây "
                "dựng công trình NTM. Đồng thời, làm tốt công tác vận động các tổ chức, doanh "
                "nghiệp, nhân dân đóng góp xây dựng NTM. Đẩy nhanh tiến độ giải phóng mặt bằng, "
                "làm hạ tầng khu, cụm dân cư theo quy hoạch, kế hoạch phê duyệt, tạo quỹ đất "
                "bán đấu giá để tăng nguồn vốn xây dựng NTM."
            ),
        ),
        (
            "Công tác thông tin, tuyên truyền",
            (
                "tuyên truyền để người dân hiểu rõ hơn quyền lợi và trách nhiệm, là chủ thể, từ "
                "đó tự giác tham gia xây dựng NTM Tập trung tuyên truyền về xây dựng NTM với "
                "phương châm duy trì, nâng cao chất lượng các tiêu chí để xây dựng thôn NTM "
                "kiểu mẫu. Tuyên truyền sâu rộng về ý nghĩa, cơ chế, chính sách xây dựng NTM, "
                "gương điển hình trong cách làm hay gắn với cuộc vận động “Tân Yên chung sức "
                "xây dựng Nông thôn mới”, nhân rộng các phong trào quần chúng trong xây dựng "
                "đời sống văn hóa nông thôn, xây dựng nông thôn mới."
            ),
        ),
        (
            (
                "Tăng cường công tác lãnh đạo của Đảng, MTTQ và các đoàn thể từ xã đến cơ sở "
                "trong xây dựng NTM"
            ),
            (
                "Các cấp ủy đảng thường xuyên đưa nội dung xây dựng NTM là nhiệm vụ trọng tâm "
                "trong công tác lãnh đạo, chỉ đạo; phân công cụ thể cán bộ phụ trách thôn. Làm "
                "tốt công tác tuyên truyền, đôn đốc, hướng dẫn, kiểm tra để công tác lãnh đạo "
                "có hiệu quả cao hơn. Tiếp tục phát huy hiệu quả vai trò của Ủy ban MTTQ, các "
                "đoàn thể, cả hệ thống chính trị trong việc tuyên truyền, vận động đoàn viên, "
                "hội viên tham gia xây dựng NTM. Xác định “xây dựng nông thôn mới là quá trình "
                "liên tục, lâu dài, có điểm khởi đầu nhưng không có điểm kết thúc, là nhiệm vụ "
                "thường xuyên và của cả hệ thống chính trị”."
            ),
        ),
    ],
    # Seed 004: Đảng ủy xã Thiện Kế, 2020 (§I–IV).
    ("tuyen-quang.son-duong.thien-ke", 2020): [
        (
            "Phụ trách chung, chịu trách nhiệm toàn diện các tiêu chí",
            (
                "1. Bí thư Đảng ủy làm Trưởng ban chỉ đạo, chịu trách nhiệm toàn diện việc chỉ "
                "đạo, điều hành các tiêu chí, chịu trách nhiệm với cấp ủy Huyện, Ban chỉ đạo "
                "huyện, Đảng ủy xã về tiến độ, chất lượng thực hiện các tiêu chí;\n"
                "2. Chủ tịch UBND xã làm Phó Ban chỉ đạo, Trưởng Ban quản lý chương trình xây "
                "dựng NTM xã, cùng chịu trách nhiệm với Trưởng Ban chỉ đạo, chịu trách nhiệm "
                "chính trong việc đôn đốc, chỉ đạo công việc cụ thể thuộc UBND xã, công chức xã "
                "thực hiện;\n"
                "3. Đồng chí Dương Đăng Lâm, Công chức địa chính, xây dựng chịu trách nhiệm "
                "chính trong tham mưu toàn diện cho Ban chỉ đạo, Ban quản lý xây dựng NTM xã, "
                "chịu trách nhiệm theo dõi, tổng hợp báo cáo, lập hồ sơ trình cấp có thẩm quyền "
                "phê duyệt đầu tư công trình, công nhận hoàn thành NTM của xã."
            ),
        ),
        (
            "Rà soát thực trạng toàn bộ các tiêu chí",
            (
                "Tiến hành rà soát thực trạng các tiêu chí kể cả các tiêu chí đã đạt và chưa "
                "đạt để có đánh giá đúng về thực trạng từng nội dung, từng tiêu chí, từ đó có "
                "phương án cụ thể để củng cố, nâng cao chất lượng các tiêu chí đã đạt, có kế "
                "hoạch và giải pháp sớm hoàn thành có chất lượng các tiêu chí chưa đạt. Ủy ban "
                "nhân dân xã, trực tiếp đồng chí Dương Đăng Lâm thực hiện.\n"
                "Hoàn thành trong tháng 2/2020"
            ),
        ),
        (
            "Nhiệm vụ, giải pháp đối với các tiêu chí chưa đạt",
            (
                "1. Tiêu chí giao thông: Ủy ban nhân dân xã, trực tiếp đ/c Phó Chủ tịch chủ trì "
                "cùng đ/c Dương Đăng Lâm thực hiện:\n"
                "- Tiếp tục củng cố nâng cao chất lượng gồm: đường trục xã và đường từ trung "
                "tâm xã đến đường huyện; đường trục thôn và đường liên thôn; đường ngõ xóm đã "
                "được cứng hóa tiếp tục nạo vét rãnh, quản lý hành lang, tu sửa điểm hư hỏng;\n"
                "- Đường trục chính nội đồng đảm bảo vận chuyển hàng hóa thuận tiện quanh năm "
                "hiện có 6,4 km đạt 24,62%, cần xây dựng thêm 6,9 km để đạt trên 50%. Thực hiện "
                "giao chỉ tiêu cho từng thôn, phân công nhiệm vụ cho cán bộ, lãnh đạo trực tiếp "
                "chịu trách nhiệm đôn đốc thực hiện ngay từ đầu năm, đặc biệt tranh thủ mùa khô "
                "để thực hiện;\n"
                "2. Hình thức tổ chức sản xuất: Đ/c Trương Minh Đăng, Hội nông dân xã\n"
                "Thực hiện các biện pháp tạo điều kiện, hướng dẫn HTX hiện nay, vận động các cá "
                "nhân, hộ sản xuất có năng lực, điều kiện liên kết thành lập HTX liên kết với "
                "các tổ chức kinh tế để sản xuất, tiêu thụ sản phẩm đảm bảo bền vững và mở rộng "
                "tạo sản xuất lớn thúc đẩy sản xuất trong nhân dân. Giao lãnh đạo UBND xã cùng "
                "Hội nông dân xã chịu trách nhiệm phối hợp hướng dẫn, giúp đỡ hoàn thành tiêu "
                "chí;\n"
                "3. Y tế:\n"
                "- Về tỷ lệ người dân tham gia BHYT là 90,5%, trẻ em suy dinh dưỡng thể thấp "
                "còi 12,8% giao Chủ tịch phụ nữ xã phụ trách cùng trạm y tế, cán bộ văn hóa xã "
                "hội phối hợp duy trì và nâng cao;\n"
                "- Tiếp tục cùng cơ quan có thẩm quyền điều chỉnh quy hoạch, xác định vị trí, "
                "đề nghị cho sử dụng quỹ đất công ích 5% để đổi đất sớm đầu tư xây dựng.\n"
                "4. Môi trường và an toàn thực phẩm: Đ/c Diệp Thanh Trường phụ trách chung toàn "
                "tiêu chí:\n"
                "- Giao Mặt trận Tổ quốc xã chủ trì; Công chức văn hóa, địa chính môi trường, "
                "trạm y tế xã thực hiện các nội dung:\n"
                "+ Thường xuyên tuyên truyền trên loa và tại hộ gia đình về vệ sinh môi trường "
                "chung, vệ sinh tại hộ, hộ đào hố rác để tập kết, tiêu hủy, có công trình vệ "
                "sinh, xây dựng chuồng trại vệ sinh, có rãnh thoát nước thải ra xa nhà.\n"
                "+ Cắm biển cấm đổ rác, quản lý biển cắm, giao trách nhiệm cho hộ ở gần quản lý "
                "biển và phát hiện nhắc nhở, báo cáo xã trường hợp vi phạm.\n"
                "+ Chủ tịch MTTQ xã chủ trì cùng các trưởng đoàn thể, các thôn: Phân tuyến "
                "đường cho Ban công tác MT, các chi hội, chi đoàn thôn phụ trách tiếp tục mở "
                "rộng mô hình tự quản về bảo vệ môi trường. Hàng tháng vào ngày 10, 20, 30 cùng "
                "đ/c trưởng thôn huy động nhân dân, tổ liên gia thực hiện phát dọn, vệ sinh;\n"
                "- Giao Hội phụ nữ chủ trì, thanh niên phối hợp xây dựng đường hoa, đèn chiếu "
                "sáng;\n"
                "- Giao Phó chủ tịch UBND xã chủ trì vận động nhân dân thực hiện mai táng tập "
                "trung phù hợp quy hoạch; thành lập tổ thu gom rác thải đưa về bãi rác."
            ),
        ),
        (
            "Đối với các tiêu chí đã đạt cần điều chỉnh, củng cố nâng cao chất lượng",
            (
                "1. Quy hoạch: Giao Chủ tịch UBND xã phụ trách việc điều chỉnh quy hoạch.\n"
                "Thực hiện chuyển địa điểm xây dựng trạm y tế xã và sân vận động trung tâm xã "
                "đến địa điểm mới lấy đất Trạm y tế để mở rộng diện tích Trường THCS, lấy đất "
                "sân vận động mở rộng đất Trường Mầm non vì hiện tại Trạm y tế nằm kẹp giữ 3 "
                "trường học, trong khi diện tích cả 3 trường học đều không đáp ứng diện tích "
                "trường chuẩn do học sinh tăng nhanh, Trường Mầm non hiện có đến 8 điểm trường "
                "cần giảm xuống 3-4 điểm trường để nâng cao chất lượng dạy và học; rà soát lại "
                "quy hoạch, kế hoạch sử dụng đất, lựa chọn địa điểm bố trí xây dựng Trạm y tế "
                "và Sân vận động mới đảm bảo thuận tiện, phù hợp quy hoạch tổng thể hệ thống cơ "
                "sở hạ tầng của cơ sở đắp ứng yêu cầu trước mắt và có tầm nhìn ít nhất đến năm "
                "2030.\n"
                "2. Cơ sở vật chất văn hóa: UBND xã chủ trì; cá nhân giao đ/c Nguyễn Bá Sơn:\n"
                "- Trình đề nghị hỗ trợ và huy động xã hội hóa trang bị thiết bị phục vụ nhà "
                "sinh hoạt cộng đồng, khu thể thao thôn cho 14 thôn.\n"
                "- Đề nghị đầu tư xây dựng Sân vận động và khu vui chơi, giải trí theo hướng "
                "nhà nước hỗ trợ kết hợp xã hội hóa phần san đắp, xây dựng;\n"
                "3. Trường học: Ủy ban nhân dân xã chủ trì, các trường học phối hợp; cá nhân "
                "giao đ/c Nguyễn Bá Sơn:\n"
                "- Rà soát cơ sở vật chất trường học, có phương án huy động xã hội hóa xây dựng "
                "cơ sở vật chất phù trợ; phối hợp thực hiện tốt các nội dung được đầu tư xây "
                "dựng cơ sở vật chất trường học trong năm 2020, tiếp tục đề nghị đầu tư những "
                "công trình còn thiếu trong năm và những năm tiếp theo;\n"
                "- Duy trì tốt kết quả phổ cập đã đạt được; huy động trẻ đi nhà trẻ đảm bảo chỉ "
                "tiêu giao;\n"
                "- Đẩy mạnh hoạt động khuyến học, kịp thời động viên giáo viên, học sinh có "
                "thành tích tốt trong dạy và học.\n"
                "4. Đối với các tiêu chí đã đạt khác:\n"
                "- Rà soát đánh giá lại từng nội dung trong các tiêu chí so với quy định đảm "
                "bảo đủ điều kiện đạt theo yêu cầu\n"
                "- Có giải pháp củng cố, nâng cao chất lượng các tiêu chí\n"
                "- Hoàn thiện hồ sơ, trình tự thủ tục đề nghị công nhận các tiêu chí đã đạt và "
                "công nhận xã đạt nông thôn mới.\n"
                "Giao cá nhân thành viên Ban chỉ đạo, Ban quản lý như sau:\n"
                "4.1. Tiêu chí Thủy lợi: đ/c Trương Minh Đăng chủ trì, đ/c Hà Văn Bình thực "
                "hiện;\n"
                "4.2. Tiêu chí Điện: đ/c Ôn Văn Ba\n"
                "4.3. Tiêu chí Cơ sở hạ tầng thương mại: đ/c Hoàng Thanh Trì\n"
                "4.4. Tiêu chí Thông tin truyền thông: đ/c Hoàng Thanh Trì\n"
                "4.5. Tiêu chí Nhà ở: đ/c Trần Quốc Thành\n"
                "4.6. Tiêu chí Thu nhập: đ/c Lê Ngọc Đông\n"
                "4.7. Tiêu chí Hộ nghèo: đ/c Diệp Xuân Chính\n"
                "4.8. Tiêu chí Lao động, việc làm: đ/c Vũ Văn Quyết\n"
                "4.9. Tiêu chí Giáo dục, đào tạo: đ/c Phan Thị Bình\n"
                "4.10. Tiêu chí Văn hóa: đ/c Nguyễn Bá Sơn\n"
                "4.11. Tiêu chí Hệ thống chính trị và tiếp cận pháp luật: Phạm Ngọc Điệp, đ/c "
                "Nguyễn Thị Lệ\n"
                "4.12. Tiêu chí An ninh: đ/c Trần Văn Kháng, đ/c Ôn Văn Chung, Dương Thị "
                "Phương."
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

# (commune code, year) -> {criterion number of 318/QĐ-TTg: (target, measures)}. The target is
# the sentence (or clause, cut at the seed's «;») with the figure; the measures one «- » line per
# paragraph or bullet of the seed (an introducing line ending in «:» kept as it is). Left out,
# as belonging to no single criterion: Song Vân's «Hành chính công» (a criterion of the NTM
# nâng cao set, not of the xã NTM set), its empty «- Đường trục thôn, xóm:» and its §2.1–2.2,
# 2.4–2.8; Cẩm Tân's general §II.3.
MEASURES: dict[tuple[str, int], dict[int, tuple[str, str]]] = {
    # Seed 000 §II.4, the nine unmet criteria (the sentence saying what failed left out).
    ("ha-tinh.cam-xuyen.cam-tan", 2023): {
        5: (
            "",
            (
                "- UBND xã đã đầu tư kinh phí xây dựng các hạng mục công trình cho trường Tiểu "
                "học và trường THCS để đạt chuẩn về cơ sở vật chất và công nhận lại chuẩn mức "
                "độ 1. Tổng nguồn vốn đầu tư là 12,8 tỷ đồng, hiện tại Trường THCS đã hoàn "
                "thiện phục vụ công tác chăm công nhận lại chuẩn mức độ 1, trường Tiểu học "
                "đang hoàn thiện dự kiến xong trước 30/10/2023."
            ),
        ),
        6: (
            "",
            (
                "- UBND xã giao công chức văn hóa và công chức kế toán tham mưu nguồn kinh phí "
                "để mua sắm lắp đặt các dụng cụ vui chơi, giải trí và thể thao cho người cao "
                "tuổi và trẻ em theo quy định, hoàn thành trước 30/10/2023."
            ),
        ),
        11: (
            "",
            (
                "UBND xã đã có kế hoạch giao chỉ tiêu giảm nghèo cho các thôn ngay từ đầu năm. "
                "Trên cơ sở các chiều thiếu hụt của hộ nghèo:\n"
                "- Đối với các hộ có nguyên nhân nghèo do thiếu vốn sản xuất, nhà ở xuống cấp, "
                "thiếu hụt các chỉ tiêu tiếp cận dịch vụ xã hội cơ bản... thì căn cứ vào "
                "nguyên nhân cụ thể, phối hợp với MTTQ để sử dụng nguồn quỹ “Vì người nghèo” "
                "và huy động từ các nguồn tài trợ... để hỗ trợ kinh phí cho hộ sửa chữa, xây "
                "mới nhà ở, xây nhà vệ sinh; Phối hợp với ngân hàng chính sách XH, ngân hàng "
                "nông nghiệp khảo sát nguồn vốn cần thiết để đầu tư, phát triển sản xuất nâng "
                "cao thu nhập.\n"
                "- Đối với các hộ có nguồn lao động nhưng không có việc làm thường xuyên, thu "
                "nhập không ổn định thì giới thiệu việc làm, hướng dẫn các hộ tham gia xuất "
                "khẩu lao động để có nguồn thu nhập ổn định.\n"
                "- Phấn đấu thực hiện dự án hỗ trợ sinh kế cho hộ nghèo theo chương trình mục "
                "tiêu quốc gia về giảm nghèo để các hộ có khả năng vươn lên thoát nghèo."
            ),
        ),
        12: (
            "",
            (
                "- Tiếp tục chỉ đạo các thôn thông kê các lao động có văn bằng chứng chỉ đang "
                "đi làm ăn xa.\n"
                "- Phối hợp với trung tâm giáo dục việc làm mở lớp đào tạo nghề cho lao động "
                "dự kiến mở từ 1 đến 2 lớp tùy vào nguồn ngân sách cân đối của xã và chương "
                "trình mục tiêu quốc gia về giảm nghèo."
            ),
        ),
        13: (
            "",
            (
                "- Hiện nay, trên địa bàn xã đã có chủ thể “Bánh lá Ánh Tâm” đăng ký với UBND "
                "xã và UBND huyện tham gia quy trình chấm sản phẩm OCOP 3 sao. Hiện nay chủ "
                "thể phối hợp với công ty tư vấn đã hoàn thiện hồ sơ gửi về hội đồng thẩm định "
                "cấp huyện."
            ),
        ),
        15: (
            "",
            (
                "- Trong năm 2024 sẽ bố trí nguồn kinh phí để đầu tư, bổ sung cơ sở vật chất "
                "cho Trạm y tế và chỉ đạo cán bộ, nhân viên của Trạm củng cố, nâng cao các chỉ "
                "tiêu về mặt chuyên môn để đạt theo quy định.\n"
                "- Chỉ đạo lực lượng Đoàn viên, thanh niên tổ chức cài đặt ứng dụng sổ khám "
                "chữa bệnh điện tử cho nhân dân.\n"
                "- Thời gian hoàn thành: 10/2024."
            ),
        ),
        17: (
            "",
            (
                "- Mặt trận tổ quốc, các tổ chức chính trị - xã hội từ xã đến thôn, tiếp tục "
                "tuyên truyền, vận động đoàn viên, hội viên và nhân dân, tham gia tích cực "
                "trong việc chỉnh trang nhà cửa, vườn hộ, trồng cây, hoa tại các trục đường "
                "liên thôn và tại các nhà văn hóa của thôn,\n"
                "- Các thôn vận động xã hội hóa xây dựng các rãnh thoát nước có nắp đậy trong "
                "khu dân cư, từng bước nâng cao các trục đường của thôn luôn xanh, sạch, đẹp, "
                "không để xảy ra tồn đọng nước thải trong các khu dân cư.\n"
                "- Dự kiến hoàn thành vào tháng 12/2023.\n"
                "- Riêng chỉ tiêu 17.1: Xã chờ dự án nhà máy nước sạch của huyện, tỉnh."
            ),
        ),
        18: (
            "Phần đầu cuối năm 2023 được UBND huyện đánh giá hoàn thành tốt nhiệm vụ trở lên.",
            (
                "- Để đạt được tiêu chí từ đầu năm 2023 UBND xã đã ban hành kế hoạch hành động "
                "để thực hiện Nghị quyết của BCH Đảng bộ, Hội đồng nhân dân, giao nhiệm vụ cụ "
                "thể cho từng bộ phận công chức chuyên môn, phải xây dựng kế hoạch thực hiện "
                "để khắc phục những tồn tại, hạn chế và giải pháp thực hiện trong năm 2023."
            ),
        ),
        19: (
            (
                "Phần đầu trong năm 2023 sẽ được Công an cấp trên công nhận đạt tiêu chí Quốc "
                "phòng và an ninh."
            ),
            (
                "- Hàng năm Ban công an xã xây dựng kế hoạch phối hợp với các ban ngành đoàn "
                "thể, công chức Tư pháp, Trung tâm học tập cộng đồng mở các lớp tuyên truyền, "
                "phổ biến giáo dục pháp luật, trợ giúp pháp lý cho bà con nhân dân trên địa "
                "bàn xã, nhằm tuyên truyền cho công dân hiểu thêm về pháp luật. Vì vậy từ cuối "
                "năm 2021 đến nay các tai, tệ nạn xã hội đều được kiểm chế, giảm so với năm "
                "trước."
            ),
        ),
    },
    # Seed 003 §II.2.3, criterion by criterion.
    ("bac-giang.tan-yen.song-van", 2024): {
        1: (
            "",
            (
                "- Tiếp tục rà soát, điều chỉnh quy hoạch xây dựng NTM để phù hợp với định "
                "hướng phát triển KT-XH của xã."
            ),
        ),
        2: (
            "",
            (
                "- Ưu tiên nguồn lực thực hiện cải tạo, duy tu, bảo dưỡng thường xuyên các "
                "tuyến đường; từng bước nâng cao tỷ lệ cứng hóa đường nội đồng gắn với vùng "
                "sản xuất hàng hóa tập trung theo quy hoạch; chỉnh trang đường làng, ngõ xóm "
                "để đảm bảo VSMT và xanh hóa ở những tuyến đường đủ điều kiện.\n"
                "- Đường trục xã: Ưu tiên cải tạo nâng cấp, duy tu bảo dưỡng thường xuyên "
                "tuyến đường xã, liên thôn, từng bước hoàn thiện hệ thống biển báo ATGT, "
                "khuyến khích lắp đặt đèn chiếu sáng vào ban đêm."
            ),
        ),
        3: (
            "",
            (
                "- Ưu tiên đầu tư cứng hóa kênh mương trong vùng sản xuất nông nghiệp hàng hóa "
                "tập trung; nâng cấp, bảo trì đối với các công trình thủy lợi nhỏ, thủy lợi "
                "nội đồng để cơ bản đáp ứng yêu cầu sản xuất và dân sinh."
            ),
        ),
        4: (
            (
                "duy trì 100% hộ sử dụng điện sinh hoạt, sản xuất đảm bảo an toàn, tin cậy và "
                "ổn định."
            ),
            (
                "- Nâng cao chất lượng và xây dựng mới hệ thống điện đảm bảo yêu cầu sản xuất "
                "và sinh hoạt của người dân nông thôn"
            ),
        ),
        6: (
            "",
            (
                "- Tiếp tục trang bị thiết chế văn hóa, lắp đặt dụng cụ thể dục thể thao tại "
                "các nhà văn hóa thôn nhằm đáp ứng nhu cầu hoạt động văn hóa, văn nghệ, thể "
                "dục thể thao cho người dân, đầu tư thiết chế Nhà văn hóa thôn bảo đảm thôn "
                "Nông thôn mới kiểu mẫu; tiếp tục tu bổ, tôn tạo các di tích lịch sử văn hóa; "
                "bảo tồn và phát huy các lễ hội truyền thống; Huy động tối đa các nguồn lực để "
                "xây dựng, nâng cấp, tu bổ nhà văn hóa, khu thể thao trên toàn xã;"
            ),
        ),
        8: (
            "",
            (
                "- Đẩy mạnh ứng dụng công nghệ thông tin trong công tác quản lý, điều hành "
                "phục vụ đời sống kinh tế- xã hội, có điểm bưu chính có khả năng phục vụ người "
                "dân sử dụng dịch vụ công trực tuyến, nâng tỷ lệ thuê bao sử dụng smartphone "
                "trong tổng số thuê bao điện thoại, đáp ứng nhu cầu tra cứu thông tin của "
                "người dân trên địa bàn."
            ),
        ),
        9: (
            "",
            (
                "- Tiếp tục tuyên truyền, vận động nhân dân cải tạo, chỉnh trang nâng cấp các "
                "công trình, xây dựng mới nhà ở đảm bảo nhu cầu đời sống, sinh hoạt của nhân "
                "dân, nâng cao tỷ lệ hộ có nhà ở đạt tiêu chuẩn theo quy định của Bộ xây dựng."
            ),
        ),
        10: (
            "Phấn đấu năm 2024, mức thu nhập bình quân đầu người đạt từ 54 triệu đồng/người/năm.",
            (
                "- Đẩy mạnh phát triển sản xuất, nâng cao thu nhập của người dân nông thôn đạt "
                "theo tiêu chí."
            ),
        ),
        11: (
            (
                "Tiếp tục duy trì, giảm dần tỷ lệ hộ nghèo, hộ cận nghèo, phấn đấu thấp hơn "
                "mức bình quân chung của huyện."
            ),
            "",
        ),
        12: (
            (
                "Nâng tỷ lệ lao động qua đào tạo đạt 74%; tỷ lệ người dân được cập nhật kiến "
                "thức về khoa học kỹ thuật đạt trên 70%."
            ),
            "",
        ),
        13: (
            "",
            (
                "- Củng cố, nâng cao hiệu quả hoạt động của HTX, Tổ sản xuất nông nghiệp trên "
                "địa bàn; nhân rộng mô hình liên kết theo chuỗi giá trị gắn sản xuất với tiêu "
                "thụ sản phẩm đối với một số sản phẩm đặc trưng: dưa bao tử, ngô ngọt, khoai "
                "tây...; mở rộng và nâng cao hiệu quả sản xuất các mô hình ứng dụng công nghệ "
                "cao."
            ),
        ),
        14: (
            (
                "Duy trì và nâng cao chất lượng phổ cập giáo dục mầm non cho trẻ em 5 tuổi, "
                "phổ cập giáo dục tiểu học và THCS mức độ 3, đạt chuẩn xóa mù chữ mức độ 2."
            ),
            (
                "- Nâng cao chất lượng dạy và học môn giáo dục thể chất; tổ chức hiệu quả hoạt "
                "động các câu lạc bộ thể dục, thể thao; bổ sung các thiết bị vận động ngoài "
                "trời; sửa chữa, nâng cấp sân chơi, bãi tập. Năm 2024, hoàn thành dự án xây "
                "dựng hoàn thành đưa vào sử dụng trường THCS."
            ),
        ),
        15: (
            (
                "Tiếp tục thực hiện lộ trình bảo hiểm y tế toàn dân, tỷ lệ người dân tham gia "
                "BHYT đạt trên 99,6%"
            ),
            (
                "- duy trì, củng cố, nâng cao chất lượng cơ sở vật chất và chất lượng khám "
                "chữa bệnh tại Trạm y tế; nâng cao công tác khám sức khỏe ban đầu, công tác y "
                "tế dự phòng, kiểm soát chặt chẽ các bệnh truyền nhiễm, làm tốt công tác phòng "
                "chống dịch bệnh trên địa bàn."
            ),
        ),
        16: (
            "",
            (
                "- Tiếp tục nâng cao chất lượng Phong trào “Toàn dân đoàn kết xây dựng đời "
                "sống văn hóa” trên địa bàn xã; giữ vững và nâng cao tỷ lệ gia đình văn hóa, "
                "khu dân cư văn hóa, xã đạt chuẩn văn hóa nông thôn mới. Bảo tồn và phát huy "
                "các lễ hội truyền thống của xã và thôn, giá trị các di tích lịch sử - văn "
                "hoá..."
            ),
        ),
        17: (
            "",
            (
                "- Duy trì, nâng cao tỷ lệ cơ sở sản xuất- kinh doanh, nuôi trồng thủy sản. "
                "Nâng cao tỷ lệ thu gom, xử lý rác thải trên địa bàn xã; hiệu quả hoạt động hệ "
                "thống thu gom, vận chuyển xử lý rác thải trên địa bàn."
            ),
        ),
        18: (
            "xã phấn đấu 100% đạt chuẩn tiếp cận pháp luật theo quy định.",
            (
                "- Chỉ đạo duy trì, nâng cao hiệu quả công tác phổ biến giáo dục pháp luật, "
                "hòa giải ở cơ sở"
            ),
        ),
        19: (
            "",
            (
                "- Nâng cao chất lượng hoạt động của Ban Chỉ huy quân sự xã và lực lượng dân "
                "quân; tiếp tục duy trì, bồi dưỡng đội ngũ công an viên các thôn; nâng cao "
                "chất lượng “Phong trào toàn dân bảo vệ an ninh Tổ quốc”; ANCT, TTATXH trên "
                "địa bàn được giữ vững; kiên quyết ngăn chặn và đẩy lùi các tệ nạn xã hội, "
                "nhất là ở các điểm nóng trên địa bàn xã."
            ),
        ),
    },
}
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
