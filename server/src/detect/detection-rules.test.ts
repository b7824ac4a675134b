import { describe, expect, it } from 'vitest';
import { courierRulesFor, detectionConfig } from './index';
import { parseDetectionRules } from './detection-rules';

describe('parseDetectionRules', () => {
  it('takes overrides per vehicle that the detectors then apply', () => {
    const overrides = parseDetectionRules(
      '{"courier":{"stallMinutes":8},"byVehicle":{"foot":{"stallMinutes":12}},"slaGraceMinutes":{"same_day":20}}',
    );
    const config = detectionConfig(overrides);
    expect(courierRulesFor(config, 'car').stallMinutes).toBe(8);
    expect(courierRulesFor(config, 'foot').stallMinutes).toBe(12);
    expect(config.slaGraceMinutes.same_day).toBe(20);
  });

  it('is empty when unset', () => {
    expect(parseDetectionRules(undefined)).toEqual({});
  });

  it('refuses unknown rules, vehicles and bad numbers with a message naming them', () => {
    expect(() => parseDetectionRules('{"courier":{"stalMinutes":8}}')).toThrow(/DETECTION_RULES/);
    expect(() => parseDetectionRules('{"byVehicle":{"tank":{}}}')).toThrow(/DETECTION_RULES/);
    expect(() => parseDetectionRules('{"courier":{"stallMinutes":-1}}')).toThrow(/DETECTION_RULES/);
    expect(() => parseDetectionRules('{nope')).toThrow(/not JSON/);
  });

  it('takes a safety margin on window ends of zero minutes or more', () => {
    const margin = (json: string) =>
      detectionConfig(parseDetectionRules(json)).lateRisk.windowMarginMinutes;
    expect(margin('{"lateRisk":{"windowMarginMinutes":15}}')).toBe(15);
    expect(margin('{"lateRisk":{"windowMarginMinutes":0}}')).toBe(0);
    expect(margin('{}')).toBe(5);
  });

  it('refuses a negative or non-numeric safety margin, naming the rule', () => {
    expect(() => parseDetectionRules('{"lateRisk":{"windowMarginMinutes":0.5}}')).not.toThrow();
    for (const value of ['-1', '"15"', 'null']) {
      expect(() => parseDetectionRules(`{"lateRisk":{"windowMarginMinutes":${value}}}`)).toThrow(
        /DETECTION_RULES.*windowMarginMinutes/,
      );
    }
  });
});
