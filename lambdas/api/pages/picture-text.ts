import type { PictureWord } from "../../core/graph/picture-words.ts";
import type { PageLocale } from "./page-locale.ts";
import { STATUS_TEXT } from "./status-text.ts";

/**
 * The words a flow picture writes (node types, statuses, modes, details), in each language the
 * pages speak: English is the picture's own, so it maps nothing. Node statuses (and the outcomes
 * written with them) read as the pages' other status words (`status-text.ts`); edges' statuses
 * are the picture's alone.
 *
 * @example
 * flowSvg(template, { state, labels: PICTURE_TEXT[page.locale] });
 */
export const PICTURE_TEXT: Record<PageLocale, Readonly<Partial<Record<PictureWord, string>>>> = {
  en: {},
  "zh-CN": {
    start: "开始",
    end: "结束",
    approval: "审批",
    task: "任务",
    gateway: "网关",
    ...STATUS_TEXT["zh-CN"].node,
    pending: "待定",
    fired: "已通过",
    dead: "未走",
    any: "或签",
    all: "会签",
    sequence: "依次审批",
    vote: "投票",
    sync: "同步",
    callback: "回调",
    fire: "触发",
    users: "审批人",
    from: "来自",
    groups: "分组",
    role: "角色",
    "no approvers": "无审批人",
    timeout: "超时",
    approve: "同意",
    reject: "驳回",
    heartbeat: "心跳",
    retry: "重试",
    "join any": "任一汇合",
    default: "默认",
  },
};
