"""Huawei Cloud SIS models and preset voices, per region.

Sources: SIS API pages for real-time TTS (sis_03_0115, the 10,000-character
voices) and streaming TTS (sis_03_0158…0172), the SIS SDK's voice tables and
the international product page (me-east-1); research notes in ``shared/docs``.
Every Chinese voice also reads English; the streaming voices are "中英混合".
"""

from __future__ import annotations

from ..catalog import Catalog, preset_voice
from ..models import Model, Voice

PROVIDER = "huawei"
BEIJING4 = "cn-north-4"
SHANGHAI1 = "cn-east-3"
RIYADH = "me-east-1"
REGION_NAMES = {BEIJING4: "CN North-Beijing4", SHANGHAI1: "CN East-Shanghai1", RIYADH: "ME-Riyadh"}
LOCAL_REGION_NAMES = {BEIJING4: "华北-北京四", SHANGHAI1: "华东-上海一", RIYADH: "中东-利雅得"}
CHINA = (BEIJING4, SHANGHAI1)

RTTS = "huawei-rtts"
STREAMING = "huawei-streaming"
RTTS_MODEL = "rtts"
STREAMING_MODEL = "streaming-tts"

MODELS: dict[str, Model] = {
    model.id: model
    for model in (
        Model(STREAMING_MODEL, "Streaming TTS", PROVIDER, STREAMING, CHINA, (8000, 16000, 24000), 24000),
        Model(RTTS_MODEL, "Real-time TTS", PROVIDER, RTTS, (*CHINA, RIYADH), (8000, 16000), 16000),
    )
}

ZH_EN = ("zh-CN", "en-US")

# (property, Chinese name, Chinese description, English name, gender, languages, regions)
_Row = tuple[str, str, str, str, str | None, tuple[str, ...], tuple[str, ...]]

_RTTS: tuple[_Row, ...] = (
    ("chinese_xiaoyan_common", "小燕", "温柔女声", "Xiaoyan (gentle woman)", "female", ZH_EN, CHINA),
    ("chinese_xiaoqi_common", "小琪", "标准女声", "Xiaoqi (standard woman)", "female", ZH_EN, CHINA),
    ("chinese_xiaoyu_common", "小宇", "标准男声", "Xiaoyu (standard man)", "male", ZH_EN, CHINA),
    ("chinese_xiaowang_common", "小王", "童声", "Xiaowang (child)", None, ZH_EN, CHINA),
    ("chinese_huaxiaomei_common", "华小美", "温柔女声", "Huaxiaomei (gentle woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaofei_common", "华小飞", "活力男声", "Huaxiaofei (energetic man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaolong_common", "华小龙", "活力男声", "Huaxiaolong (energetic man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaorui_common", "华小蕊", "知性女声", "Huaxiaorui (intellectual woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaohe_common", "华小荷", "明亮女声", "Huaxiaohe (bright woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaoye_common", "华小叶", "知性女声", "Huaxiaoye (intellectual woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaoxue_common", "华小雪", "少女声", "Huaxiaoxue (girl)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaojiao_common", "华小娇", "成熟女声", "Huaxiaojiao (mature woman)", "female", ("zh-CN",), CHINA),
    ("chinese_huaxiaohui_common", "华小辉", "男童声", "Huaxiaohui (boy)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaokang_common", "华小康", "活力男声", "Huaxiaokang (energetic man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaokun_common", "华小坤", "成熟男声", "Huaxiaokun (mature man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaoquan_common", "华小泉", "活力男声", "Huaxiaoquan (energetic man)", "male", ("zh-CN",), CHINA),
    ("english_amy_common", "Amy", "英语成熟女声", "Amy (English, mature woman)", "female", ("en-US",), CHINA),
    ("english_alvin_common", "Alvin", "英语成熟男声", "Alvin (English, mature man)", "male", ("en-US",), CHINA),
    ("arabic_dh_female", "阿拉伯语女声", "", "Arabic (woman)", "female", ("ar-SA",), (RIYADH,)),
    ("arabic_dh_male", "阿拉伯语男声", "", "Arabic (man)", "male", ("ar-SA",), (RIYADH,)),
    ("english_dh_female", "英语女声", "", "English (woman)", "female", ("en-US",), (RIYADH,)),
    ("english_dh_male", "英语男声", "", "English (man)", "male", ("en-US",), (RIYADH,)),
)

LONG_TEXT_VOICES = frozenset(
    {
        "chinese_huaxiaomei_common",
        "chinese_huaxiaofei_common",
        "chinese_huaxiaolong_common",
        "chinese_huaxiaorui_common",
        "chinese_huaxiaohe_common",
        "chinese_huaxiaoye_common",
        "chinese_huaxiaoxue_common",
        "chinese_huaxiaojiao_common",
        "chinese_huaxiaohui_common",
        "chinese_huaxiaokang_common",
        "chinese_huaxiaokun_common",
        "chinese_huaxiaoquan_common",
        "english_amy_common",
        "english_alvin_common",
    }
)
"""Real-time TTS voices that take 10,000 characters a request (the others 500; me-east-1 all 10,000)."""

_STREAMING: tuple[_Row, ...] = (
    ("chinese_huaxiaoli_common", "华小莉", "标准女声", "Huaxiaoli (standard woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaozhi_common", "华小智", "男童声", "Huaxiaozhi (boy)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaotian_common", "华小天", "活力男声", "Huaxiaotian (energetic man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaoyuan_common", "华小媛", "成熟女声", "Huaxiaoyuan (mature woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaojing_common", "华小静", "少女声", "Huaxiaojing (girl)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaobo_common", "华小博", "标准男声", "Huaxiaobo (standard man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaorou_common", "华小柔", "标准女声", "Huaxiaorou (standard woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaoyou_common", "华小悠", "明亮女声", "Huaxiaoyou (bright woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaoqing_common", "华小晴", "青春女声", "Huaxiaoqing (youthful woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaoxi_common", "华小溪", "温柔女声", "Huaxiaoxi (gentle woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaotong_common", "华小彤", "俏皮女声", "Huaxiaotong (playful woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaoya_common", "华小雅", "标准女声", "Huaxiaoya (standard woman)", "female", ZH_EN, CHINA),
    ("chinese_huaxiaowei_common", "华小伟", "成熟男声", "Huaxiaowei (mature man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaoshuai_common", "华小帅", "标准男声", "Huaxiaoshuai (standard man)", "male", ZH_EN, CHINA),
    ("chinese_huaxiaojie_common", "华小杰", "温柔男声", "Huaxiaojie (gentle man)", "male", ZH_EN, CHINA),
)


def _voices(model_id: str, rows: tuple[_Row, ...]) -> dict[str, Voice]:
    model = MODELS[model_id]
    return {
        voice_id: preset_voice(model, (voice_id, local, described, name, gender, languages), regions=regions)
        for voice_id, local, described, name, gender, languages, regions in rows
    }


VOICES: dict[str, dict[str, Voice]] = {
    STREAMING_MODEL: _voices(STREAMING_MODEL, _STREAMING),
    RTTS_MODEL: _voices(RTTS_MODEL, _RTTS),
}
"""model id → voice id → preset voice."""


FAMILY_NAMES = {RTTS: "Real-time TTS", STREAMING: "Streaming TTS"}
CATALOG = Catalog(MODELS, VOICES, REGION_NAMES, FAMILY_NAMES, LOCAL_REGION_NAMES)
