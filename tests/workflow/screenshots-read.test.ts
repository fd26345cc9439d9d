// decide() on 'screenshots_read': what the screenshots' reading does to a case. The code read
// fills the Kode Error only when the mail's text gave none; a different one is logged and staff
// are told; details not opened ask the reporter again while the case is handled; staff hear of a
// reading by a mail of its own only when nothing else tells them of the message.
import type { CaseEvent, ScreenshotRead } from '../../src/workflow';
import { REPORTER, STAFF, actions, caseIn, fullFields, step, wib } from './helpers';

const T = wib('2026-03-16 10:00');
const read = (over: Partial<ScreenshotRead> = {}): ScreenshotRead => ({ filename: 'error.png', status: 'read', errorCode: null, detailsHidden: false, codeUnclear: false, reason: null, again: false, ...over });
const event = (readings: ScreenshotRead[], staffTold = false, from = REPORTER): CaseEvent => ({ type: 'screenshots_read', readings, staffTold, from });
const withoutCode = () => ({ ...caseIn('in_progress'), fields: { ...fullFields, errorCode: null } });

describe('screenshots_read', () => {
  test('a code read fills the case\'s Kode Error when the text gave none; staff hear of it', () => {
    const d = step(withoutCode(), event([read({ errorCode: '3a8c1f0b2' })]), T);
    expect(d.case.fields.errorCode).toBe('3a8c1f0b2');
    expect(d.events.map((e) => e.type)).toEqual(['screenshot_read', 'error_code_read']);
    expect(actions(d)).toEqual(['staff_screenshot_read>staff']);
    expect(d.actions[0]).toMatchObject({ data: { errorCode: '3a8c1f0b2', disagreement: null, detailsHidden: false } });
  });

  test('when staff hear of the message otherwise (its notice waited), no mail of its own', () => {
    const d = step(withoutCode(), event([read({ errorCode: '3a8c1f0b2' })], true), T);
    expect(d.case.fields.errorCode).toBe('3a8c1f0b2');
    expect(actions(d)).toEqual([]);
  });

  test('the text\'s code wins over a different one read (case-blind), and the disagreement is logged and told', () => {
    const c = { ...caseIn('in_progress'), fields: { ...fullFields, errorCode: '5D1F0E9A2' } };
    expect(step(c, event([read({ errorCode: '5d1f0e9a2' })]), T).events.map((e) => e.type)).toEqual(['screenshot_read']);
    const d = step(c, event([read({ errorCode: '3a8c1f0b2' })]), T);
    expect(d.case.fields.errorCode).toBe('5D1F0E9A2');
    expect(d.events.find((e) => e.type === 'error_code_disagreement')?.detail).toEqual({ known: '5D1F0E9A2', read: ['3a8c1f0b2'] });
    expect(d.actions[0]).toMatchObject({ kind: 'staff_screenshot_read', data: { errorCode: null, disagreement: { known: '5D1F0E9A2', read: ['3a8c1f0b2'] } } });
  });

  test('two pictures with two different codes and none in the text: neither is taken, staff are told', () => {
    const d = step(withoutCode(), event([read({ errorCode: '3a8c1f0b2' }), read({ filename: 'b.png', errorCode: '7e9a2c4a5' })]), T);
    expect(d.case.fields.errorCode).toBeNull();
    expect(d.events.find((e) => e.type === 'error_code_disagreement')?.detail).toEqual({ known: null, read: ['3a8c1f0b2', '7e9a2c4a5'] });
    expect(actions(d)).toEqual(['staff_screenshot_read>staff']);
  });

  test('the same hidden-details picture sent again is not asked about again', () => {
    const d = step(withoutCode(), event([read({ detailsHidden: true, again: true })]), T);
    expect(actions(d)).toEqual([]);
  });

  test('details not opened and no code known: the reporter is asked for the screenshot again', () => {
    const d = step(withoutCode(), event([read({ detailsHidden: true })]), T);
    expect(actions(d)).toEqual(['screenshot_details_request>reporter', 'staff_screenshot_read>staff']);
    expect(d.events.find((e) => e.type === 'error_details_hidden')?.detail).toEqual({ asked: true });
  });

  test('details not opened in one picture, the code shown in another: nothing to ask', () => {
    const d = step(withoutCode(), event([read({ detailsHidden: true }), read({ filename: 'b.png', errorCode: '3a8c1f0b2' })]), T);
    expect(d.case.fields.errorCode).toBe('3a8c1f0b2');
    expect(actions(d)).toEqual(['staff_screenshot_read>staff']);
  });

  test('a solved or closed case is not asked again; the hidden details are still logged', () => {
    for (const state of ['solved', 'closed'] as const) {
      const d = step({ ...caseIn(state), fields: { ...fullFields, errorCode: null } }, event([read({ detailsHidden: true })]), T);
      expect(actions(d)).toEqual([]);
      expect(d.events.find((e) => e.type === 'error_details_hidden')?.detail).toEqual({ asked: false });
    }
  });

  test('a code shown but not read with certainty, none known: the reporter is asked to type it, staff are told', () => {
    const d = step(withoutCode(), event([read({ codeUnclear: true })]), T);
    expect(actions(d)).toEqual(['screenshot_code_request>reporter', 'staff_screenshot_read>staff']);
    expect(d.events.find((e) => e.type === 'error_code_unclear')?.detail).toEqual({ asked: true });
    expect(d.actions[1]).toMatchObject({ data: { codeUnclear: true, detailsHidden: false, errorCode: null } });
  });

  test('an unclear code is not asked for when the case knows one, another picture gave it, the details were asked for, or the picture came before', () => {
    const known = { ...caseIn('in_progress'), fields: { ...fullFields, errorCode: '5d1f0e9a2' } };
    expect(actions(step(known, event([read({ codeUnclear: true })]), T))).toEqual([]);
    expect(actions(step(withoutCode(), event([read({ codeUnclear: true }), read({ filename: 'b.png', errorCode: '3a8c1f0b2' })]), T))).toEqual(['staff_screenshot_read>staff']);
    expect(actions(step(withoutCode(), event([read({ codeUnclear: true }), read({ filename: 'b.png', detailsHidden: true })]), T))).toEqual(['screenshot_details_request>reporter', 'staff_screenshot_read>staff']);
    expect(actions(step(withoutCode(), event([read({ codeUnclear: true, again: true })]), T))).toEqual([]);
  });

  test('a solved or closed case is not asked to type the code; the unclear code is still logged', () => {
    for (const state of ['solved', 'lkpp_solved', 'closed'] as const) {
      const d = step({ ...caseIn(state), fields: { ...fullFields, errorCode: null } }, event([read({ codeUnclear: true })]), T);
      expect(actions(d)).toEqual([]);
      expect(d.events.find((e) => e.type === 'error_code_unclear')?.detail).toEqual({ asked: false });
    }
  });

  test('several unclear pictures in one mail ask once', () => {
    const d = step(withoutCode(), event([read({ codeUnclear: true }), read({ filename: 'foto2.jpg', codeUnclear: true }), read({ filename: 'foto3.jpg', codeUnclear: true })]), T);
    expect(actions(d)).toEqual(['screenshot_code_request>reporter', 'staff_screenshot_read>staff']);
  });

  test('a colleague\'s pictures on the thread ask the reporter nothing; staff still see them in the relay', () => {
    for (const over of [{ codeUnclear: true }, { detailsHidden: true }]) {
      const d = step(withoutCode(), event([read(over)], true, 'bendahara@batangkab.go.id'), T);
      expect(actions(d)).toEqual([]);
      expect(d.events.find((e) => e.type === 'error_code_unclear' || e.type === 'error_details_hidden')?.detail).toEqual({ asked: false });
    }
  });

  test('the pictures of a report a staff member passed on for the committee are asked about', () => {
    const forwarded = { ...withoutCode(), openedBy: { staff: STAFF, via: 'forward' as const } };
    expect(actions(step(forwarded, event([read({ codeUnclear: true })], true, STAFF), T))).toEqual(['screenshot_code_request>reporter']);
  });

  test('an unreadable picture is only logged', () => {
    const d = step(withoutCode(), event([read({ status: 'unreadable', reason: 'too_large' })]), T);
    expect(d.case.fields.errorCode).toBeNull();
    expect(actions(d)).toEqual([]);
    expect(d.events).toEqual([{ type: 'screenshot_read', detail: { filename: 'error.png', status: 'unreadable', errorCode: null, detailsHidden: false, codeUnclear: false, reason: 'too_large' } }]);
    expect(d.case.reporter).toBe(REPORTER);
  });
});
