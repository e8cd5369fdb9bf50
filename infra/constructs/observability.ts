// Dashboard and alarms: AppSync 5xx and latency, per-Lambda errors/throttles/duration, DynamoDB
// throttles per table, and the sync function's own failure metric.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { lambdas, type LambdaKey } from '../../api/lambdas.js';
import type { TableKey } from '../../api/tables.js';
import type { Functions } from './functions.js';
import type { Tables } from './tables.js';

/**
 * The metric the sync function emits (CloudWatch Embedded Metric Format log line, so it needs no
 * IAM permission): namespace Sivera/Sync, metric SyncFailures, unit Count, no dimensions, value 1
 * for every sync that ends FAILED.
 */
export const syncFailureMetric = { namespace: 'Sivera/Sync', metricName: 'SyncFailures' } as const;

export interface ObservabilityProps {
  readonly prefix: string;
  readonly stage: string;
  readonly api: GraphqlApi;
  readonly functions: Functions;
  readonly tables: Tables;
  readonly alarmTopicArn?: string;
}

const period = Duration.minutes(5);

export class Observability extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const topic = props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined;
    const alarm = (id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1) => {
      const a = new Alarm(this, id, {
        alarmName: `${props.prefix}sivera-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (topic) a.addAlarmAction(new SnsAction(topic));
      this.alarms.push(a);
      return a;
    };

    const apiMetric = (metricName: string, statistic: string) =>
      new Metric({ namespace: 'AWS/AppSync', metricName, dimensionsMap: { GraphQLAPIId: props.api.apiId }, statistic, period });
    const api5xx = apiMetric('5XXError', 'Sum');
    const api4xx = apiMetric('4XXError', 'Sum');
    const apiLatencyP99 = apiMetric('Latency', 'p99');
    const apiLatencyP50 = apiMetric('Latency', 'p50');
    alarm('appsync-5xx', api5xx, 5, 'AppSync answered 5 or more requests with 5xx in 5 minutes');
    alarm('appsync-latency-p99', apiLatencyP99, 3000, 'AppSync p99 latency at or above 3 s for 15 minutes', 3);

    const errorWidgets: GraphWidget[] = [];
    const durationWidgets: GraphWidget[] = [];
    for (const key of Object.keys(lambdas) as LambdaKey[]) {
      const fn = props.functions.byKey[key].fn;
      const errors = fn.metricErrors({ period, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period, statistic: 'Sum' });
      const duration = fn.metricDuration({ period, statistic: 'p99' });
      alarm(`${key}-errors`, errors, 1, `${lambdas[key].functionName} raised an error`);
      alarm(`${key}-throttles`, throttles, 1, `${lambdas[key].functionName} was throttled`);
      // 80% of the timeout: close to being killed mid-work.
      alarm(`${key}-duration-p99`, duration, lambdas[key].timeout * 1000 * 0.8, `${lambdas[key].functionName} p99 duration near its timeout`, 3);
      errorWidgets.push(new GraphWidget({ title: `${lambdas[key].functionName}: errors, throttles`, left: [errors, throttles], width: 8 }));
      durationWidgets.push(new GraphWidget({ title: `${lambdas[key].functionName}: duration p99 (ms)`, left: [duration], width: 8 }));
    }

    const tableThrottles: IMetric[] = [];
    for (const key of Object.keys(props.tables.byKey) as TableKey[]) {
      const table = props.tables.byKey[key];
      const throttles = new MathExpression({
        label: `${key} throttled events`,
        // Ids unique across tables: the dashboard graphs all five expressions together.
        expression: `r_${key} + w_${key}`,
        usingMetrics: {
          [`r_${key}`]: table.metric('ReadThrottleEvents', { statistic: 'Sum', period }),
          [`w_${key}`]: table.metric('WriteThrottleEvents', { statistic: 'Sum', period }),
        },
        period,
      });
      alarm(`${key}-table-throttles`, throttles, 1, `DynamoDB throttled requests on ${key}`);
      tableThrottles.push(throttles);
    }

    const syncFailures = new Metric({ ...syncFailureMetric, statistic: 'Sum', period: Duration.minutes(15) });
    alarm('sync-failures', syncFailures, 5, '5 or more campaign syncs ended FAILED within 15 minutes');

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.prefix}sivera`,
      widgets: [
        [new TextWidget({ markdown: `# Sivera ${props.stage}`, width: 24, height: 1 })],
        [
          new GraphWidget({ title: 'AppSync errors', left: [api5xx, api4xx], width: 12 }),
          new GraphWidget({ title: 'AppSync latency (ms)', left: [apiLatencyP50, apiLatencyP99], width: 12 }),
        ],
        errorWidgets,
        durationWidgets,
        [
          new GraphWidget({ title: 'DynamoDB throttled events', left: tableThrottles, width: 12 }),
          new GraphWidget({ title: 'Sync failures', left: [syncFailures], width: 12 }),
        ],
      ],
    });
  }
}
