"""Realistic conversation-agent replies (English, Chinese, Japanese) and the text a voice should say for each."""

from __future__ import annotations

REPLIES: dict[str, tuple[str, str]] = {
    "en_reasoning_list": (
        (
            "<think>\n"
            "The user wants the weather. I should check the forecast for *today* and list it.\n"
            "</think>\n"
            "\n"
            "Here's today's forecast for **Berlin** 🌤️:\n"
            "\n"
            "- **Morning:** 12°C, light rain 🌧️\n"
            "- **Afternoon:** 18°C, sunny\n"
            "- **Evening:** around 9.5°C\n"
            "\n"
            "Take an umbrella ☂️ before 10:30!"
        ),
        (
            "Here's today's forecast for Berlin:\n"
            "Morning: 12°C, light rain.\n"
            "Afternoon: 18°C, sunny.\n"
            "Evening: around 9.5°C.\n"
            "Take an umbrella before 10:30!"
        ),
    ),
    "en_steps_code": (
        (
            "## How to restart Home Assistant\n"
            "\n"
            "1. Open **Settings** → *System*.\n"
            "2. Click the `Restart` button in the top right corner\n"
            "3. Or run this from the terminal:\n"
            "\n"
            "```bash\n"
            "ha core restart\n"
            "```\n"
            "\n"
            "That's it — it'll be back in about 2 minutes. 🚀"
        ),
        (
            "How to restart Home Assistant.\n"
            "Open Settings → System.\n"
            "Click the Restart button in the top right corner.\n"
            "Or run this from the terminal:\n"
            "That's it — it'll be back in about 2 minutes."
        ),
    ),
    "en_links_table": (
        (
            "Sure! Here are your lights:\n"
            "\n"
            "| Room | State | Brightness |\n"
            "|:-----|:-----:|-----------:|\n"
            "| Kitchen | on | 80% |\n"
            "| Living room | off | 0% |\n"
            "\n"
            "See [the docs](https://www.home-assistant.io/integrations/light/) or visit "
            "https://community.home-assistant.io/t/lights/12345?page=2 for more."
        ),
        (
            "Sure! Here are your lights:\n"
            "Room, State, Brightness.\n"
            "Kitchen, on, 80%.\n"
            "Living room, off, 0%.\n"
            "See the docs or visit community.home-assistant.io for more."
        ),
    ),
    "en_math_names": (
        (
            "The answer is 2*3=6, and 2 * 3 = 6 too. Set `light_kitchen_main` to 75%; "
            "the variable snake_case_name stays as it is. It's 3.14 at 07:45, -5°C outside, isn't it?"
        ),
        (
            "The answer is 2*3=6, and 2 * 3 = 6 too. Set light_kitchen_main to 75%; "
            "the variable snake_case_name stays as it is. It's 3.14 at 07:45, -5°C outside, isn't it?"
        ),
    ),
    "en_quote_emphasis": (
        (
            "> **Note:** the ~~old~~ *new* automation runs at __sunset__.\n"
            "\n"
            "***\n"
            "\n"
            'You can also say <b>"turn off"</b>.<br>Done ✅'
        ),
        ('Note: the old new automation runs at sunset.\nYou can also say "turn off". Done'),
    ),
    "en_image_nested": (
        (
            "![A photo of the garden](https://example.com/garden.jpg)\n"
            "Your garden camera shows:\n"
            "  * Tomatoes 🍅\n"
            "  * Basil\n"
            "    - needs water\n"
            "* [ ] Mow the lawn\n"
            "* [x] Water the roses"
        ),
        ("Your garden camera shows:\nTomatoes.\nBasil.\nneeds water.\nMow the lawn.\nWater the roses"),
    ),
    "zh_reasoning_list": (
        (
            "<think>用户问的是明天的天气，我需要给出简洁的回答。</think>\n"
            "\n"
            "明天**北京**的天气如下：\n"
            "\n"
            "1. 上午：晴，气温 18℃\n"
            "2. 下午：多云，最高 25℃ ☀️\n"
            "3. 晚上：有小雨，记得带伞 ☔\n"
            "\n"
            "祝你有美好的一天！😊"
        ),
        (
            "明天北京的天气如下：\n"
            "上午：晴，气温 18℃。\n"
            "下午：多云，最高 25℃。\n"
            "晚上：有小雨，记得带伞。\n"
            "祝你有美好的一天！"
        ),
    ),
    "zh_table_links": (
        (
            "### 设备状态\n"
            "\n"
            "| 设备 | 状态 |\n"
            "| --- | --- |\n"
            "| 客厅灯 | 开 |\n"
            "| 空调 | 关 |\n"
            "\n"
            "详情请看[官方文档](https://www.home-assistant.io/docs/)，或访问 https://www.example.cn/a/b 。"
        ),
        ("设备状态。\n设备，状态。\n客厅灯，开。\n空调，关。\n详情请看官方文档，或访问 example.cn 。"),
    ),
    "zh_code_emphasis": (
        (
            "好的，我来**解释**一下：\n"
            "\n"
            "- 使用 `automation.turn_on` 服务\n"
            "- ~~不要~~直接修改 *配置文件*\n"
            "\n"
            "```yaml\n"
            "service: automation.turn_on\n"
            "```\n"
            "\n"
            "温度是 3.5 度，时间 10:30。「注意」：别忘了保存！"
        ),
        (
            "好的，我来解释一下：\n"
            "使用 automation.turn_on 服务。\n"
            "不要直接修改 配置文件。\n"
            "温度是 3.5 度，时间 10:30。「注意」：别忘了保存！"
        ),
    ),
    "ja_mixed": (
        ("はい、**了解しました**。\n\n- 照明をオフにします 💡\n- 明日の天気：晴れ、気温は２０度です。"),
        ("はい、了解しました。\n照明をオフにします。\n明日の天気：晴れ、気温は２０度です。"),
    ),
}
"""Name: (the reply as the agent wrote it, what is to be spoken)."""
