import type { PictureWord } from "../../core/graph/picture-words.ts";
import type { PageLocale } from "./page-locale.ts";

/**
 * The words a flow picture writes (node types, statuses, modes, details), in each language the
 * pages speak: English is the picture's own, so it maps nothing.
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
    waiting: "未开始",
    active: "进行中",
    approved: "已同意",
    rejected: "已驳回",
    succeeded: "已成功",
    failed: "失败",
    timedOut: "已超时",
    skipped: "已跳过",
    poisoned: "未到达",
    cancelled: "已取消",
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
