import type { Courier, Hub, Stop } from '@dispatch/shared';
import type { SubjectNames } from '../console/alert-text';
import { inEnglish } from '../console/in-english';
import type { Translate } from '../i18n/translate';

/**
 * How an alert's courier, stop and hub are named when the records are known (ids never show),
 * in the language of `t`.
 */
export function subjectNames(
  records: {
    couriers: ReadonlyMap<number, Pick<Courier, 'name'>>;
    stops: ReadonlyMap<number, Pick<Stop, 'orderRef' | 'address' | 'kind'>>;
    hubs: readonly Pick<Hub, 'id' | 'name'>[];
  },
  t: Translate = inEnglish,
): SubjectNames {
  return {
    courier: (id) => records.couriers.get(id)?.name ?? t('problems.subject.someCourier'),
    stop: (id) => {
      const stop = records.stops.get(id);
      if (!stop) return t('problems.subject.someStop');
      const kind = t(`problems.stopKind.${stop.kind === 'delivery' ? 'delivery' : 'pickup'}`);
      return stop.orderRef
        ? t('problems.subject.order', { ref: stop.orderRef, kind })
        : t('problems.subject.stopAt', { kind, address: stop.address });
    },
    hub: (id) => records.hubs.find((h) => h.id === id)?.name ?? t('problems.subject.someHub'),
  };
}
