"""Model Studio (DashScope) models and system voices, per region.

Source: Model Studio's CosyVoice voice list and "Supported regions" pages
(``shared/docs``). Cantonese voices are tagged ``zh-HK`` and other Chinese
dialects ``zh-CN`` (named in the display name) so Home Assistant groups them
with the languages its users pick. "en" voices of the list are ``en-US``.
"""

from __future__ import annotations

from .models import Model, Voice

PROVIDER = "dashscope"
BEIJING = "cn-beijing"
SINGAPORE = "ap-southeast-1"
REGION_NAMES = {BEIJING: "China (Beijing)", SINGAPORE: "Singapore"}

COSYVOICE_SAMPLE_RATES = (8000, 16000, 22050, 24000, 44100, 48000)

MODELS: dict[str, Model] = {
    model.id: model
    for model in (
        Model(
            "cosyvoice-v3-flash",
            "CosyVoice v3 Flash",
            PROVIDER,
            (BEIJING, SINGAPORE),
            COSYVOICE_SAMPLE_RATES,
            24000,
            supports_ssml=True,
            supports_instructions=True,
        ),
        Model(
            "cosyvoice-v3-plus",
            "CosyVoice v3 Plus",
            PROVIDER,
            (BEIJING, SINGAPORE),
            COSYVOICE_SAMPLE_RATES,
            24000,
            supports_ssml=True,
            supports_instructions=True,
        ),
        Model("cosyvoice-v2", "CosyVoice v2", PROVIDER, (BEIJING,), COSYVOICE_SAMPLE_RATES, 24000, supports_ssml=True),
        # v3.5 serves only cloned and designed voices (no system voices).
        Model(
            "cosyvoice-v3.5-plus",
            "CosyVoice v3.5 Plus",
            PROVIDER,
            (BEIJING,),
            COSYVOICE_SAMPLE_RATES,
            24000,
            supports_ssml=True,
            supports_instructions=True,
        ),
        Model(
            "cosyvoice-v3.5-flash",
            "CosyVoice v3.5 Flash",
            PROVIDER,
            (BEIJING,),
            COSYVOICE_SAMPLE_RATES,
            24000,
            supports_ssml=True,
            supports_instructions=True,
        ),
    )
}

ZH_EN = ("zh-CN", "en-US")
YUE_EN = ("zh-HK", "en-US")
BOTH = (BEIJING, SINGAPORE)
ONLY_BEIJING = (BEIJING,)

# (voice id, Chinese name, English name, gender, languages, regions, takes instructions)
_Row = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], bool]

_V3_FLASH: tuple[_Row, ...] = (
    ("longanyang", "龙安洋", "Long Anyang (sunny young man)", "male", ZH_EN, BOTH, True),
    ("longanhuan", "龙安欢", "Long Anhuan (lively young woman)", "female", ZH_EN, BOTH, True),
    ("longanhuan_v3", "龙安欢（方言）", "Long Anhuan (dialects)", "female", ZH_EN, BOTH, True),
    ("longhuhu_v3", "龙呼呼", "Long Huhu (little girl)", "female", ZH_EN, BOTH, True),
    ("longxiaochun_v3", "龙小淳", "Long Xiaochun (assistant, woman)", "female", ZH_EN, BOTH, False),
    ("longxiaoxia_v3", "龙小夏", "Long Xiaoxia (calm woman)", "female", ZH_EN, BOTH, False),
    ("longyumi_v3", "YUMI", "Yumi (earnest young woman)", "female", ZH_EN, BOTH, False),
    ("longanyun_v3", "龙安昀", "Long Anyun (warm man)", "male", ZH_EN, BOTH, False),
    ("longanwen_v3", "龙安温", "Long Anwen (elegant woman)", "female", ZH_EN, BOTH, False),
    ("longanli_v3", "龙安莉", "Long Anli (brisk woman)", "female", ZH_EN, BOTH, False),
    ("longanlang_v3", "龙安朗", "Long Anlang (crisp man)", "male", ZH_EN, BOTH, False),
    ("longcheng_v3", "龙橙", "Long Cheng (wise young man)", "male", ZH_EN, BOTH, False),
    ("longhua_v3", "龙华", "Long Hua (sweet woman)", "female", ZH_EN, BOTH, False),
    ("longwan_v3", "龙婉", "Long Wan (gentle woman)", "female", ZH_EN, BOTH, False),
    ("longxing_v3", "龙星", "Long Xing (girl next door)", "female", ZH_EN, BOTH, False),
    ("longze_v3", "龙泽", "Long Ze (energetic man)", "male", ZH_EN, BOTH, False),
    ("longshu_v3", "龙书", "Long Shu (newsreader, man)", "male", ZH_EN, BOTH, False),
    ("loongbella_v3", "Bella3.0", "Bella (newsreader, woman)", "female", ZH_EN, BOTH, False),
    ("longshuo_v3", "龙硕", "Long Shuo (learned man)", "male", ZH_EN, BOTH, False),
    ("longsanshu_v3", "龙三叔", "Long Sanshu (storyteller)", "male", ZH_EN, BOTH, False),
    ("longyingjing_v3", "龙应静", "Long Yingjing (calm service voice)", "female", ZH_EN, BOTH, False),
    ("longjielidou_v3", "龙杰力豆", "Long Jielidou (boy)", "male", ZH_EN, BOTH, False),
    ("longjiaxin_v3", "龙嘉欣", "Long Jiaxin (Cantonese, woman)", "female", YUE_EN, BOTH, False),
    ("longjiayi_v3", "龙嘉怡", "Long Jiayi (Cantonese, woman)", "female", YUE_EN, BOTH, False),
    ("longanyue_v3", "龙安粤", "Long Anyue (Cantonese, man)", "male", YUE_EN, BOTH, False),
    ("longlaotie_v3", "龙老铁", "Long Laotie (Northeastern, man)", "male", ZH_EN, BOTH, False),
    ("longshange_v3", "龙陕哥", "Long Shange (Shaanxi, man)", "male", ZH_EN, BOTH, False),
    ("longanmin_v3", "龙安闽", "Long Anmin (Minnan, girl)", "female", ZH_EN, BOTH, False),
    ("loongkyong_v3", "Kyong", "Kyong (Korean, woman)", "female", ("ko-KR",), ONLY_BEIJING, False),
    ("loongjihun_v3", "Jihun", "Jihun (Korean, man)", "male", ("ko-KR",), ONLY_BEIJING, False),
    ("loongriko_v3", "Riko", "Riko (Japanese, woman)", "female", ("ja-JP",), ONLY_BEIJING, False),
    ("loongtomoya_v3", "Tomoya", "Tomoya (Japanese, man)", "male", ("ja-JP",), ONLY_BEIJING, False),
    ("loongabby_v3", "Abby", "Abby (US English, woman)", "female", ("en-US",), ONLY_BEIJING, False),
    ("loongandy_v3", "Andy", "Andy (US English, man)", "male", ("en-US",), ONLY_BEIJING, False),
    ("loongdavid_v3", "David", "David (US English, man)", "male", ("en-US",), ONLY_BEIJING, False),
    ("loongemily_v3", "Emily", "Emily (British English, woman)", "female", ("en-GB",), ONLY_BEIJING, False),
    ("loongeric_v3", "Eric", "Eric (British English, man)", "male", ("en-GB",), ONLY_BEIJING, False),
    ("loongindah_v3", "Indah", "Indah (Indonesian, woman)", "female", ("id-ID",), ONLY_BEIJING, False),
)

_V3_PLUS: tuple[_Row, ...] = (
    ("longanyang", "龙安洋", "Long Anyang (sunny young man)", "male", ZH_EN, BOTH, True),
    ("longanhuan", "龙安欢", "Long Anhuan (lively young woman)", "female", ZH_EN, BOTH, True),
)

_V2: tuple[_Row, ...] = (
    ("longxiaochun_v2", "龙小淳", "Long Xiaochun (assistant, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longxiaoxia_v2", "龙小夏", "Long Xiaoxia (calm woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longyumi_v2", "YUMI", "Yumi (earnest young woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longanli", "龙安莉", "Long Anli (brisk woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longanlang", "龙安朗", "Long Anlang (crisp man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longanwen", "龙安温", "Long Anwen (elegant woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longanyun", "龙安昀", "Long Anyun (warm man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longcheng_v2", "龙橙", "Long Cheng (wise young man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longhua_v2", "龙华", "Long Hua (sweet woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longwan_v2", "龙婉", "Long Wan (positive woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longxiaocheng_v2", "龙小诚", "Long Xiaocheng (deep male voice)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longze_v2", "龙泽", "Long Ze (energetic man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longtian_v2", "龙天", "Long Tian (rational man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longxing_v2", "龙星", "Long Xing (girl next door)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longshu_v2", "龙书", "Long Shu (newsreader, man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("loongbella_v2", "Bella2.0", "Bella (newsreader, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longshuo_v2", "龙硕", "Long Shuo (learned man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longxiaobai_v2", "龙小白", "Long Xiaobai (announcer, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longjing_v2", "龙婧", "Long Jing (broadcaster, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("loongstella_v2", "Stella", "Stella (confident woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longhuhu", "龙呼呼", "Long Huhu (little girl)", "female", ZH_EN, ONLY_BEIJING, False),
    ("longjielidou_v2", "龙杰力豆", "Long Jielidou (boy)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longanyue", "龙安粤", "Long Anyue (Cantonese, man)", "male", YUE_EN, ONLY_BEIJING, False),
    ("longjiayi_v2", "龙嘉怡", "Long Jiayi (Cantonese, woman)", "female", YUE_EN, ONLY_BEIJING, False),
    ("longtao_v2", "龙桃", "Long Tao (Cantonese, woman)", "female", YUE_EN, ONLY_BEIJING, False),
    ("longlaotie_v2", "龙老铁", "Long Laotie (Northeastern, man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longshange", "龙陕哥", "Long Shange (Shaanxi, man)", "male", ZH_EN, ONLY_BEIJING, False),
    ("longanmin", "龙安敏", "Long Anmin (Minnan, woman)", "female", ZH_EN, ONLY_BEIJING, False),
    ("loongyuuna_v2", "Yuuna", "Yuuna (Japanese, woman)", "female", ("ja-JP",), ONLY_BEIJING, False),
    ("loongyuuma_v2", "Yuuma", "Yuuma (Japanese, man)", "male", ("ja-JP",), ONLY_BEIJING, False),
    ("loongjihun_v2", "Jihun", "Jihun (Korean, man)", "male", ("ko-KR",), ONLY_BEIJING, False),
    ("loongkyong_v2", "Kyong", "Kyong (Korean, woman)", "female", ("ko-KR",), ONLY_BEIJING, False),
    ("loongtomoka_v2", "Tomoka", "Tomoka (Japanese, woman)", "female", ("ja-JP",), ONLY_BEIJING, False),
    ("loongeva_v2", "Eva", "Eva (British English, woman)", "female", ("en-GB",), ONLY_BEIJING, False),
    ("loongbrian_v2", "Brian", "Brian (British English, man)", "male", ("en-GB",), ONLY_BEIJING, False),
    ("loongabby_v2", "Abby", "Abby (US English, woman)", "female", ("en-US",), ONLY_BEIJING, False),
    ("loongandy_v2", "Andy", "Andy (US English, man)", "male", ("en-US",), ONLY_BEIJING, False),
)


def _voices(model_id: str, rows: tuple[_Row, ...]) -> dict[str, Voice]:
    model = MODELS[model_id]
    return {
        voice_id: Voice(
            id=voice_id,
            name=name,
            languages=languages,
            provider=PROVIDER,
            model=model_id,
            sample_rates=model.sample_rates,
            regions=regions,
            local_name=local_name,
            gender=gender,
            supports_instructions=instructions,
        )
        for voice_id, local_name, name, gender, languages, regions, instructions in rows
    }


VOICES: dict[str, dict[str, Voice]] = {
    "cosyvoice-v3-flash": _voices("cosyvoice-v3-flash", _V3_FLASH),
    "cosyvoice-v3-plus": _voices("cosyvoice-v3-plus", _V3_PLUS),
    "cosyvoice-v2": _voices("cosyvoice-v2", _V2),
    "cosyvoice-v3.5-plus": {},
    "cosyvoice-v3.5-flash": {},
}
"""model id → voice id → system voice."""


def models_in(region: str) -> list[Model]:
    """Models offered in ``region``."""
    return [model for model in MODELS.values() if region in model.regions]


def voices_in(region: str) -> list[Voice]:
    """System voices offered in ``region``, model by model."""
    return [voice for model in models_in(region) for voice in VOICES[model.id].values() if region in voice.regions]
