"""Model Studio (DashScope) models and system voices, per region.

Sources: Model Studio's real-time speech synthesis page ("Supported regions"),
the CosyVoice, Qwen-TTS and Sambert voice lists (``shared/docs``; the
research notes name each page). Cantonese voices are tagged ``zh-HK`` and
other Chinese dialects ``zh-CN`` (named in the display name) so Home Assistant
groups them with the languages its users pick. "en" voices are ``en-US``.
"""

from __future__ import annotations

from collections.abc import Callable

from ..catalog import Catalog, preset_voice
from ..models import Model, Voice

PROVIDER = "dashscope"
BEIJING = "cn-beijing"
SINGAPORE = "ap-southeast-1"
REGION_NAMES = {BEIJING: "China (Beijing)", SINGAPORE: "Singapore"}
LOCAL_REGION_NAMES = {BEIJING: "华北2（北京）", SINGAPORE: "新加坡"}

COSYVOICE = "cosyvoice"
QWEN_REALTIME = "qwen-tts-realtime"
SAMBERT = "sambert"
FAMILY_NAMES = {COSYVOICE: "CosyVoice", QWEN_REALTIME: "Qwen-TTS realtime", SAMBERT: "Sambert"}

COSYVOICE_SAMPLE_RATES = (8000, 16000, 22050, 24000, 44100, 48000)
QWEN_SAMPLE_RATES = (8000, 16000, 24000, 48000)
SAMBERT_SAMPLE_RATES = (8000, 16000, 24000, 48000)
BOTH = (BEIJING, SINGAPORE)
ONLY_BEIJING = (BEIJING,)


def _cosyvoice(model_id: str, name: str, regions: tuple[str, ...], *, instructions: bool) -> Model:
    return Model(
        model_id,
        name,
        PROVIDER,
        COSYVOICE,
        regions,
        COSYVOICE_SAMPLE_RATES,
        24000,
        supports_ssml=True,
        supports_instructions=instructions,
        custom_voices=True,
    )


MODELS: dict[str, Model] = {
    model.id: model
    for model in (
        _cosyvoice("cosyvoice-v3-flash", "CosyVoice v3 Flash", BOTH, instructions=True),
        _cosyvoice("cosyvoice-v3-plus", "CosyVoice v3 Plus", BOTH, instructions=True),
        _cosyvoice("cosyvoice-v2", "CosyVoice v2", ONLY_BEIJING, instructions=False),
        # v3.5 serves only cloned and designed voices (no system voices).
        _cosyvoice("cosyvoice-v3.5-plus", "CosyVoice v3.5 Plus", ONLY_BEIJING, instructions=True),
        _cosyvoice("cosyvoice-v3.5-flash", "CosyVoice v3.5 Flash", ONLY_BEIJING, instructions=True),
        Model(
            "qwen3-tts-flash-realtime",
            "Qwen3-TTS Flash Realtime",
            PROVIDER,
            QWEN_REALTIME,
            BOTH,
            QWEN_SAMPLE_RATES,
            24000,
        ),
        Model(
            "qwen3-tts-instruct-flash-realtime",
            "Qwen3-TTS Instruct Flash Realtime",
            PROVIDER,
            QWEN_REALTIME,
            BOTH,
            QWEN_SAMPLE_RATES,
            24000,
            supports_instructions=True,
        ),
        Model(
            "qwen3-tts-vc-realtime-2026-01-15",
            "Qwen3-TTS VC Realtime (cloned voices)",
            PROVIDER,
            QWEN_REALTIME,
            BOTH,
            QWEN_SAMPLE_RATES,
            24000,
            custom_voices=True,
        ),
        Model(
            "qwen3-tts-vd-realtime-2026-01-15",
            "Qwen3-TTS VD Realtime (designed voices)",
            PROVIDER,
            QWEN_REALTIME,
            BOTH,
            QWEN_SAMPLE_RATES,
            24000,
            custom_voices=True,
        ),
        Model("qwen-tts-realtime", "Qwen-TTS Realtime", PROVIDER, QWEN_REALTIME, ONLY_BEIJING, (24000,), 24000),
        # Each Sambert voice is its own model id; the catalog groups them as one model.
        Model(SAMBERT, "Sambert", PROVIDER, SAMBERT, ONLY_BEIJING, SAMBERT_SAMPLE_RATES, 16000),
    )
}

ZH_EN = ("zh-CN", "en-US")
YUE_EN = ("zh-HK", "en-US")

# (voice id, Chinese name, Chinese description, English name, gender, languages, regions, takes instructions)
_Row = tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...], bool]

_V3_FLASH: tuple[_Row, ...] = (
    ("longanyang", "龙安洋", "阳光青年男声", "Long Anyang (sunny young man)", "male", ZH_EN, BOTH, True),
    ("longanhuan", "龙安欢", "活泼青年女声", "Long Anhuan (lively young woman)", "female", ZH_EN, BOTH, True),
    ("longanhuan_v3", "龙安欢（方言）", "", "Long Anhuan (dialects)", "female", ZH_EN, BOTH, True),
    ("longhuhu_v3", "龙呼呼", "可爱女童声", "Long Huhu (little girl)", "female", ZH_EN, BOTH, True),
    ("longxiaochun_v3", "龙小淳", "智能助手女声", "Long Xiaochun (assistant, woman)", "female", ZH_EN, BOTH, False),
    ("longxiaoxia_v3", "龙小夏", "沉稳女声", "Long Xiaoxia (calm woman)", "female", ZH_EN, BOTH, False),
    ("longyumi_v3", "YUMI", "正经青年女声", "Yumi (earnest young woman)", "female", ZH_EN, BOTH, False),
    ("longanyun_v3", "龙安昀", "温暖男声", "Long Anyun (warm man)", "male", ZH_EN, BOTH, False),
    ("longanwen_v3", "龙安温", "优雅知性女声", "Long Anwen (elegant woman)", "female", ZH_EN, BOTH, False),
    ("longanli_v3", "龙安莉", "干练女声", "Long Anli (brisk woman)", "female", ZH_EN, BOTH, False),
    ("longanlang_v3", "龙安朗", "清爽利落男声", "Long Anlang (crisp man)", "male", ZH_EN, BOTH, False),
    ("longcheng_v3", "龙橙", "智慧青年男声", "Long Cheng (wise young man)", "male", ZH_EN, BOTH, False),
    ("longhua_v3", "龙华", "元气甜美女声", "Long Hua (sweet woman)", "female", ZH_EN, BOTH, False),
    ("longwan_v3", "龙婉", "温柔女声", "Long Wan (gentle woman)", "female", ZH_EN, BOTH, False),
    ("longxing_v3", "龙星", "邻家女孩声", "Long Xing (girl next door)", "female", ZH_EN, BOTH, False),
    ("longze_v3", "龙泽", "活力男声", "Long Ze (energetic man)", "male", ZH_EN, BOTH, False),
    ("longshu_v3", "龙书", "新闻播报男声", "Long Shu (newsreader, man)", "male", ZH_EN, BOTH, False),
    ("loongbella_v3", "Bella3.0", "新闻播报女声", "Bella (newsreader, woman)", "female", ZH_EN, BOTH, False),
    ("longshuo_v3", "龙硕", "博学男声", "Long Shuo (learned man)", "male", ZH_EN, BOTH, False),
    ("longsanshu_v3", "龙三叔", "说书男声", "Long Sanshu (storyteller)", "male", ZH_EN, BOTH, False),
    ("longyingjing_v3", "龙应静", "沉静客服女声", "Long Yingjing (calm service voice)", "female", ZH_EN, BOTH, False),
    ("longjielidou_v3", "龙杰力豆", "男童声", "Long Jielidou (boy)", "male", ZH_EN, BOTH, False),
    ("longjiaxin_v3", "龙嘉欣", "粤语女声", "Long Jiaxin (Cantonese, woman)", "female", YUE_EN, BOTH, False),
    ("longjiayi_v3", "龙嘉怡", "粤语女声", "Long Jiayi (Cantonese, woman)", "female", YUE_EN, BOTH, False),
    ("longanyue_v3", "龙安粤", "粤语男声", "Long Anyue (Cantonese, man)", "male", YUE_EN, BOTH, False),
    ("longlaotie_v3", "龙老铁", "东北话男声", "Long Laotie (Northeastern, man)", "male", ZH_EN, BOTH, False),
    ("longshange_v3", "龙陕哥", "陕西话男声", "Long Shange (Shaanxi, man)", "male", ZH_EN, BOTH, False),
    ("longanmin_v3", "龙安闽", "闽南语少女声", "Long Anmin (Minnan, girl)", "female", ZH_EN, BOTH, False),
    ("loongkyong_v3", "Kyong", "韩语女声", "Kyong (Korean, woman)", "female", ("ko-KR",), ONLY_BEIJING, False),
    ("loongjihun_v3", "Jihun", "韩语男声", "Jihun (Korean, man)", "male", ("ko-KR",), ONLY_BEIJING, False),
    ("loongriko_v3", "Riko", "日语女声", "Riko (Japanese, woman)", "female", ("ja-JP",), ONLY_BEIJING, False),
    ("loongtomoya_v3", "Tomoya", "日语男声", "Tomoya (Japanese, man)", "male", ("ja-JP",), ONLY_BEIJING, False),
    ("loongabby_v3", "Abby", "美式英语女声", "Abby (US English, woman)", "female", ("en-US",), ONLY_BEIJING, False),
    ("loongandy_v3", "Andy", "美式英语男声", "Andy (US English, man)", "male", ("en-US",), ONLY_BEIJING, False),
    ("loongdavid_v3", "David", "美式英语男声", "David (US English, man)", "male", ("en-US",), ONLY_BEIJING, False),
    (
        "loongemily_v3",
        "Emily",
        "英式英语女声",
        "Emily (British English, woman)",
        "female",
        ("en-GB",),
        ONLY_BEIJING,
        False,
    ),
    ("loongeric_v3", "Eric", "英式英语男声", "Eric (British English, man)", "male", ("en-GB",), ONLY_BEIJING, False),
    ("loongindah_v3", "Indah", "印尼语女声", "Indah (Indonesian, woman)", "female", ("id-ID",), ONLY_BEIJING, False),
)

_V3_PLUS: tuple[_Row, ...] = (
    ("longanyang", "龙安洋", "阳光青年男声", "Long Anyang (sunny young man)", "male", ZH_EN, BOTH, True),
    ("longanhuan", "龙安欢", "活泼青年女声", "Long Anhuan (lively young woman)", "female", ZH_EN, BOTH, True),
)

_V2: tuple[_Row, ...] = (
    (
        "longxiaochun_v2",
        "龙小淳",
        "智能助手女声",
        "Long Xiaochun (assistant, woman)",
        "female",
        ZH_EN,
        ONLY_BEIJING,
        False,
    ),
    ("longxiaoxia_v2", "龙小夏", "沉稳女声", "Long Xiaoxia (calm woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longyumi_v2", "YUMI", "正经青年女声", "Yumi (earnest young woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longanli", "龙安莉", "干练女声", "Long Anli (brisk woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longanlang", "龙安朗", "清爽利落男声", "Long Anlang (crisp man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longanwen", "龙安温", "优雅知性女声", "Long Anwen (elegant woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longanyun", "龙安昀", "温暖男声", "Long Anyun (warm man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longcheng_v2", "龙橙", "智慧青年男声", "Long Cheng (wise young man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longhua_v2", "龙华", "元气甜美女声", "Long Hua (sweet woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longwan_v2", "龙婉", "积极知性女声", "Long Wan (positive woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longxiaocheng_v2", "龙小诚", "浑厚男声", "Long Xiaocheng (deep male voice)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longze_v2", "龙泽", "活力男声", "Long Ze (energetic man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longtian_v2", "龙天", "理性男声", "Long Tian (rational man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longxing_v2", "龙星", "邻家女孩声", "Long Xing (girl next door)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longshu_v2", "龙书", "新闻播报男声", "Long Shu (newsreader, man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("loongbella_v2", "Bella2.0", "新闻播报女声", "Bella (newsreader, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longshuo_v2", "龙硕", "博学男声", "Long Shuo (learned man)", "male", ZH_EN, ONLY_BEIJING, False),
    (
        "longxiaobai_v2",
        "龙小白",
        "沉稳播报女声",
        "Long Xiaobai (announcer, woman)",
        "female",
        ZH_EN,
        ONLY_BEIJING,
        False,
    ),
    ("longjing_v2", "龙婧", "典型播音女声", "Long Jing (broadcaster, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("loongstella_v2", "Stella", "飒爽利落女声", "Stella (confident woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longhuhu", "龙呼呼", "可爱女童声", "Long Huhu (little girl)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longjielidou_v2", "龙杰力豆", "男童声", "Long Jielidou (boy)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longanyue", "龙安粤", "粤语男声", "Long Anyue (Cantonese, man)", "male", YUE_EN, ONLY_BEIJING, False),
    ("longjiayi_v2", "龙嘉怡", "粤语女声", "Long Jiayi (Cantonese, woman)", "female", YUE_EN, ONLY_BEIJING, False),
    ("longtao_v2", "龙桃", "粤语女声", "Long Tao (Cantonese, woman)", "female", YUE_EN, ONLY_BEIJING, False),
    ("longlaotie_v2", "龙老铁", "东北话男声", "Long Laotie (Northeastern, man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longshange", "龙陕哥", "陕西话男声", "Long Shange (Shaanxi, man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longanmin", "龙安敏", "闽南语女声", "Long Anmin (Minnan, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("loongyuuna_v2", "Yuuna", "日语女声", "Yuuna (Japanese, woman)", "female", ("ja-JP",), ONLY_BEIJING, False),
    ("loongyuuma_v2", "Yuuma", "日语男声", "Yuuma (Japanese, man)", "male", ("ja-JP",), ONLY_BEIJING, False),
    ("loongjihun_v2", "Jihun", "韩语男声", "Jihun (Korean, man)", "male", ("ko-KR",), ONLY_BEIJING, False),
    ("loongkyong_v2", "Kyong", "韩语女声", "Kyong (Korean, woman)", "female", ("ko-KR",), ONLY_BEIJING, False),
    ("loongtomoka_v2", "Tomoka", "日语女声", "Tomoka (Japanese, woman)", "female", ("ja-JP",), ONLY_BEIJING, False),
    ("loongeva_v2", "Eva", "英式英语女声", "Eva (British English, woman)", "female", ("en-GB",), ONLY_BEIJING, False),
    ("loongbrian_v2", "Brian", "英式英语男声", "Brian (British English, man)", "male", ("en-GB",), ONLY_BEIJING, False),
    ("loongabby_v2", "Abby", "美式英语女声", "Abby (US English, woman)", "female", ("en-US",), ONLY_BEIJING, False),
    ("loongandy_v2", "Andy", "美式英语男声", "Andy (US English, man)", "male", ("en-US",), ONLY_BEIJING, False),
)


# Qwen-TTS realtime (the "支持的音色" table of the Qwen-TTS realtime page): every qwen3 voice
# speaks its Chinese variety and nine other languages. Dialects are tagged with the
# language Home Assistant users pick (Cantonese zh-HK, the others zh-CN) and named.
QWEN3_LANGUAGES = ("en-US", "fr-FR", "de-DE", "ru-RU", "it-IT", "es-ES", "pt-BR", "pt-PT", "ja-JP", "ko-KR")

# (voice id, Chinese name, Chinese description, English name, gender, Chinese variety, instruct model too,
# qwen-tts-realtime too)
_QwenRow = tuple[str, str, str, str, str, str, bool, bool]

_QWEN: tuple[_QwenRow, ...] = (
    ("Cherry", "芊悦", "阳光青年女声", "Cherry (sunny young woman)", "female", "zh-CN", True, True),
    ("Serena", "苏瑶", "温柔青年女声", "Serena (gentle young woman)", "female", "zh-CN", True, True),
    ("Ethan", "晨煦", "阳光温暖男声", "Ethan (warm, energetic man)", "male", "zh-CN", True, True),
    ("Chelsie", "千雪", "二次元少女声", "Chelsie (anime-style girl)", "female", "zh-CN", True, True),
    ("Momo", "茉兔", "俏皮可爱女声", "Momo (playful, cute woman)", "female", "zh-CN", True, False),
    ("Vivian", "十三", "酷飒小暴躁女声", "Vivian (cool, a little grumpy)", "female", "zh-CN", True, False),
    ("Moon", "月白", "率性洒脱男声", "Moon (free-spirited man)", "male", "zh-CN", True, False),
    ("Maia", "四月", "温柔知性女声", "Maia (intellectual, gentle woman)", "female", "zh-CN", True, False),
    ("Kai", "凯", "舒缓磁性男声", "Kai (soothing man)", "male", "zh-CN", True, False),
    ("Nofish", "不吃鱼", "不卷舌的设计师男声", "Nofish (designer, no retroflex sounds)", "male", "zh-CN", True, False),
    ("Bella", "萌宝", "可爱女童声", "Bella (little girl)", "female", "zh-CN", True, False),
    ("Jennifer", "詹妮弗", "电影感美式女声", "Jennifer (cinematic American woman)", "female", "zh-CN", False, False),
    ("Ryan", "甜茶", "戏感十足快节奏男声", "Ryan (dramatic, high-tempo man)", "male", "zh-CN", False, False),
    ("Katerina", "卡捷琳娜", "成熟女声", "Katerina (mature woman)", "female", "zh-CN", False, False),
    ("Aiden", "艾登", "美式青年男声", "Aiden (American young man)", "male", "zh-CN", False, False),
    ("Eldric Sage", "沧明子", "沉稳睿智老者声", "Eldric Sage (calm, wise old man)", "male", "zh-CN", True, False),
    ("Mia", "乖小妹", "乖巧温柔妹妹声", "Mia (gentle, well-behaved girl)", "female", "zh-CN", True, False),
    ("Mochi", "沙小弥", "机灵小男孩声", "Mochi (clever little boy)", "male", "zh-CN", True, False),
    ("Bellona", "燕铮莺", "洪亮清晰说书女声", "Bellona (loud, clear storyteller)", "female", "zh-CN", True, False),
    ("Vincent", "田叔", "沙哑烟嗓男声", "Vincent (husky-voiced man)", "male", "zh-CN", True, False),
    ("Bunny", "萌小姬", "萌系小女孩声", "Bunny (very cute little girl)", "female", "zh-CN", True, False),
    ("Neil", "阿闻", "新闻主播男声", "Neil (news anchor, man)", "male", "zh-CN", True, False),
    ("Elias", "墨讲师", "讲师女声", "Elias (lecturer, woman)", "female", "zh-CN", True, False),
    ("Arthur", "徐大爷", "质朴大爷声", "Arthur (rustic old man)", "male", "zh-CN", True, False),
    ("Nini", "邻家妹妹", "甜美邻家妹妹声", "Nini (sweet girl next door)", "female", "zh-CN", True, False),
    ("Seren", "小婉", "舒缓助眠女声", "Seren (soothing woman, sleep aid)", "female", "zh-CN", True, False),
    ("Pip", "顽屁小孩", "调皮小男孩声", "Pip (naughty little boy)", "male", "zh-CN", True, False),
    ("Stella", "少女阿月", "甜美少女声", "Stella (sweet girl)", "female", "zh-CN", True, False),
    ("Bodega", "博德加", "热情西班牙大叔声", "Bodega (warm Spanish uncle)", "male", "zh-CN", False, False),
    ("Sonrisa", "索尼莎", "开朗拉美女声", "Sonrisa (cheerful Latin-American woman)", "female", "zh-CN", False, False),
    ("Alek", "阿列克", "俄罗斯男声", "Alek (Russian man)", "male", "zh-CN", False, False),
    ("Dolce", "多尔切", "慵懒意大利大叔声", "Dolce (laid-back Italian uncle)", "male", "zh-CN", False, False),
    ("Sohee", "素熙", "开朗韩国女声", "Sohee (cheerful Korean woman)", "female", "zh-CN", False, False),
    ("Ono Anna", "小野杏", "日系青梅竹马女声", "Ono Anna (Japanese childhood friend)", "female", "zh-CN", False, False),
    ("Lenn", "莱恩", "德国青年男声", "Lenn (German young man)", "male", "zh-CN", False, False),
    ("Emilien", "埃米尔安", "浪漫法国男声", "Emilien (romantic French man)", "male", "zh-CN", False, False),
    ("Andre", "安德雷", "葡萄牙青年男声", "Andre (Portuguese young man)", "male", "zh-CN", False, False),
    (
        "Radio Gol",
        "拉迪奥·戈尔",
        "巴西足球解说男声",
        "Radio Gol (Brazilian football commentator)",
        "male",
        "zh-CN",
        False,
        False,
    ),
    ("Jada", "上海-阿珍", "上海话爽利阿姐声", "Jada (Shanghainese, brisk auntie)", "female", "zh-CN", False, False),
    ("Dylan", "北京-晓东", "北京话青年男声", "Dylan (Beijing dialect, young man)", "male", "zh-CN", False, False),
    ("Li", "南京-老李", "南京话瑜伽老师男声", "Li (Nanjing dialect, yoga teacher)", "male", "zh-CN", False, False),
    ("Marcus", "陕西-秦川", "陕西话男声", "Marcus (Shaanxi dialect, man)", "male", "zh-CN", False, False),
    ("Roy", "闽南-阿杰", "闽南语活泼男声", "Roy (Minnan, lively man)", "male", "zh-CN", False, False),
    ("Peter", "天津-李彼得", "天津话相声男声", "Peter (Tianjin dialect, crosstalk man)", "male", "zh-CN", False, False),
    ("Sunny", "四川-晴儿", "四川话甜妹声", "Sunny (Sichuanese, sweet girl)", "female", "zh-CN", False, False),
    ("Eric", "四川-程川", "四川话活泼男声", "Eric (Sichuanese, lively man)", "male", "zh-CN", False, False),
    ("Rocky", "粤语-阿强", "粤语幽默男声", "Rocky (Cantonese, humorous man)", "male", "zh-HK", False, False),
    ("Kiki", "粤语-阿清", "粤语甜美女声", "Kiki (Cantonese, sweet woman)", "female", "zh-HK", False, False),
)


def _qwen_voices(
    model_id: str, keep: Callable[[_QwenRow], bool], languages: Callable[[str], tuple[str, ...]]
) -> dict[str, Voice]:
    model = MODELS[model_id]
    return {
        voice_id: preset_voice(
            model,
            (voice_id, local, described, name, gender, languages(variety)),
            supports_instructions=model.supports_instructions,
        )
        for voice_id, local, described, name, gender, variety, *_ in filter(keep, _QWEN)
    }


def _qwen3_languages(variety: str) -> tuple[str, ...]:
    return (variety, *QWEN3_LANGUAGES)


# Sambert (the model list of the Sambert page): each voice is a model id, made at 48 or 16 kHz;
# the service resamples to the other rates.

# (model id, Chinese name, Chinese description, English name, gender, languages, native rate)
_SambertRow = tuple[str, str, str, str, str | None, tuple[str, ...], int]

_SAMBERT: tuple[_SambertRow, ...] = (
    ("sambert-zhinan-v1", "知楠", "广告配音男声", "Zhinan (advertising, man)", "male", ZH_EN, 48000),
    ("sambert-zhiqi-v1", "知琪", "温柔女声", "Zhiqi (gentle woman)", "female", ZH_EN, 48000),
    ("sambert-zhichu-v1", "知厨", "纪录片旁白男声", "Zhichu (documentary narrator, man)", "male", ZH_EN, 48000),
    ("sambert-zhide-v1", "知德", "新闻播报男声", "Zhide (newsreader, man)", "male", ZH_EN, 48000),
    ("sambert-zhijia-v1", "知佳", "标准女声", "Zhijia (standard woman)", "female", ZH_EN, 48000),
    ("sambert-zhiru-v1", "知茹", "新闻播报女声", "Zhiru (newsreader, woman)", "female", ZH_EN, 48000),
    ("sambert-zhiqian-v1", "知倩", "新闻女声", "Zhiqian (news, woman)", "female", ZH_EN, 48000),
    ("sambert-zhixiang-v1", "知祥", "磁性男声", "Zhixiang (magnetic male voice)", "male", ZH_EN, 48000),
    ("sambert-zhiwei-v1", "知薇", "萝莉女声", "Zhiwei (young girl)", "female", ZH_EN, 48000),
    ("sambert-zhihao-v1", "知浩", "咨询顾问男声", "Zhihao (consultant, man)", "male", ZH_EN, 16000),
    ("sambert-zhijing-v1", "知婧", "严厉女声", "Zhijing (stern woman)", "female", ZH_EN, 16000),
    ("sambert-zhiming-v1", "知茗", "幽默男声", "Zhiming (humorous man)", "male", ZH_EN, 16000),
    ("sambert-zhimo-v1", "知墨", "情感男声", "Zhimo (emotional man)", "male", ZH_EN, 16000),
    ("sambert-zhina-v1", "知娜", "浙普女声", "Zhina (Zhejiang-accented woman)", "female", ZH_EN, 16000),
    ("sambert-zhishu-v1", "知树", "新闻男声", "Zhishu (news, man)", "male", ZH_EN, 16000),
    ("sambert-zhistella-v1", "知莎", "知性女声", "Zhistella (intellectual woman)", "female", ZH_EN, 16000),
    ("sambert-zhiting-v1", "知婷", "电台主播女声", "Zhiting (radio host, woman)", "female", ZH_EN, 16000),
    ("sambert-zhixiao-v1", "知笑", "新闻女声", "Zhixiao (news, woman)", "female", ZH_EN, 16000),
    ("sambert-zhiya-v1", "知雅", "严厉女声", "Zhiya (stern woman)", "female", ZH_EN, 16000),
    ("sambert-zhiye-v1", "知晔", "青年男声", "Zhiye (young man)", "male", ZH_EN, 16000),
    ("sambert-zhiying-v1", "知颖", "可爱童声", "Zhiying (cute child)", None, ZH_EN, 16000),
    ("sambert-zhiyuan-v1", "知媛", "知心姐姐女声", "Zhiyuan (caring big sister)", "female", ZH_EN, 16000),
    ("sambert-zhiyue-v1", "知悦", "客服女声", "Zhiyue (customer service, woman)", "female", ZH_EN, 16000),
    ("sambert-zhigui-v1", "知柜", "直播女声", "Zhigui (live-stream host, woman)", "female", ZH_EN, 16000),
    ("sambert-zhishuo-v1", "知硕", "自然男声", "Zhishuo (natural man)", "male", ZH_EN, 16000),
    ("sambert-zhimiao-emo-v1", "知妙（多情感）", "", "Zhimiao (emotional range, woman)", "female", ZH_EN, 16000),
    ("sambert-zhimao-v1", "知猫", "直播女声", "Zhimao (live-stream host, woman)", "female", ZH_EN, 16000),
    ("sambert-zhilun-v1", "知伦", "悬疑解说声", "Zhilun (suspense narrator)", None, ZH_EN, 16000),
    ("sambert-zhifei-v1", "知飞", "激昂解说声", "Zhifei (passionate narrator)", None, ZH_EN, 16000),
    ("sambert-zhida-v1", "知达", "标准男声", "Zhida (standard man)", "male", ZH_EN, 16000),
    ("sambert-camila-v1", "Camila", "西班牙语女声", "Camila (Spanish, woman)", "female", ("es-ES",), 16000),
    ("sambert-perla-v1", "Perla", "意大利语女声", "Perla (Italian, woman)", "female", ("it-IT",), 16000),
    ("sambert-indah-v1", "Indah", "印尼语女声", "Indah (Indonesian, woman)", "female", ("id-ID",), 16000),
    ("sambert-clara-v1", "Clara", "法语女声", "Clara (French, woman)", "female", ("fr-FR",), 16000),
    ("sambert-hanna-v1", "Hanna", "德语女声", "Hanna (German, woman)", "female", ("de-DE",), 16000),
    ("sambert-beth-v1", "Beth", "美式英语顾问女声", "Beth (US English, consultant)", "female", ("en-US",), 16000),
    (
        "sambert-betty-v1",
        "Betty",
        "美式英语客服女声",
        "Betty (US English, customer service)",
        "female",
        ("en-US",),
        16000,
    ),
    ("sambert-cally-v1", "Cally", "美式英语自然女声", "Cally (US English, natural)", "female", ("en-US",), 16000),
    (
        "sambert-cindy-v1",
        "Cindy",
        "美式英语对话女声",
        "Cindy (US English, conversational)",
        "female",
        ("en-US",),
        16000,
    ),
    ("sambert-eva-v1", "Eva", "美式英语陪伴女声", "Eva (US English, companion)", "female", ("en-US",), 16000),
    ("sambert-donna-v1", "Donna", "美式英语教育女声", "Donna (US English, education)", "female", ("en-US",), 16000),
    (
        "sambert-brian-v1",
        "Brian",
        "美式英语客服男声",
        "Brian (US English, customer service)",
        "male",
        ("en-US",),
        16000,
    ),
    ("sambert-waan-v1", "Waan", "泰语女声", "Waan (Thai, woman)", "female", ("th-TH",), 16000),
)


def _sambert_voices() -> dict[str, Voice]:
    model = MODELS[SAMBERT]
    return {
        voice_id: preset_voice(model, (voice_id, local, described, name, gender, languages), native_sample_rate=rate)
        for voice_id, local, described, name, gender, languages, rate in _SAMBERT
    }


def _voices(model_id: str, rows: tuple[_Row, ...]) -> dict[str, Voice]:
    model = MODELS[model_id]
    return {
        voice_id: preset_voice(
            model,
            (voice_id, local, described, name, gender, languages),
            regions=regions,
            supports_instructions=instructions,
        )
        for voice_id, local, described, name, gender, languages, regions, instructions in rows
    }


VOICES: dict[str, dict[str, Voice]] = {
    "cosyvoice-v3-flash": _voices("cosyvoice-v3-flash", _V3_FLASH),
    "cosyvoice-v3-plus": _voices("cosyvoice-v3-plus", _V3_PLUS),
    "cosyvoice-v2": _voices("cosyvoice-v2", _V2),
    "cosyvoice-v3.5-plus": {},
    "cosyvoice-v3.5-flash": {},
    "qwen3-tts-flash-realtime": _qwen_voices("qwen3-tts-flash-realtime", lambda row: True, _qwen3_languages),
    "qwen3-tts-instruct-flash-realtime": _qwen_voices(
        "qwen3-tts-instruct-flash-realtime", lambda row: row[6], _qwen3_languages
    ),
    "qwen3-tts-vc-realtime-2026-01-15": {},
    "qwen3-tts-vd-realtime-2026-01-15": {},
    "qwen-tts-realtime": _qwen_voices("qwen-tts-realtime", lambda row: row[7], lambda variety: ZH_EN),
    SAMBERT: _sambert_voices(),
}
"""model id → voice id → system voice."""


CATALOG = Catalog(
    MODELS,
    VOICES,
    REGION_NAMES,
    FAMILY_NAMES,
    LOCAL_REGION_NAMES,
    model_aliases=dict.fromkeys(VOICES[SAMBERT], SAMBERT),  # Sambert's service model ids are its voices
)
models_in = CATALOG.models_in
voices_of = CATALOG.voices_of
voices_in = CATALOG.voices_in
find_model = CATALOG.find_model
model_for = CATALOG.model_for
voice_for = CATALOG.voice_for
sample_rate_for = CATALOG.sample_rate_for
