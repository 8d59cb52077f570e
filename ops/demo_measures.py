"""The seeds' measures, word for word, as demo data (ops.demo_documents writes them): the
general groups of § «Nhiệm vụ, giải pháp» of each seed, and each commune's target and measures
per criterion. Same rules as ops/demo_documents.py: quoted from the seed, only OCR junk mended.
"""

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
