import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from '../core/workflow-contract.js';

export const TollgateState = defineSearchAttributeKey(SEARCH_ATTRIBUTES.state, SearchAttributeType.KEYWORD);
export const TollgateProvider = defineSearchAttributeKey(SEARCH_ATTRIBUTES.provider, SearchAttributeType.KEYWORD);
export const TollgateRisk = defineSearchAttributeKey(SEARCH_ATTRIBUTES.risk, SearchAttributeType.KEYWORD);
export const TollgateMonthlySavingsUsd = defineSearchAttributeKey(SEARCH_ATTRIBUTES.monthlySavingsUsd, SearchAttributeType.DOUBLE);
export const TollgateSeverity = defineSearchAttributeKey(SEARCH_ATTRIBUTES.severity, SearchAttributeType.KEYWORD);
export const TollgateImpact = defineSearchAttributeKey(SEARCH_ATTRIBUTES.impact, SearchAttributeType.DOUBLE);
export const TollgateRootCauseService = defineSearchAttributeKey(SEARCH_ATTRIBUTES.rootCauseService, SearchAttributeType.KEYWORD);
export const TollgateOwner = defineSearchAttributeKey(SEARCH_ATTRIBUTES.owner, SearchAttributeType.KEYWORD);
