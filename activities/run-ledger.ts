/** The run's blast radius and model spend are read models over the decision log (audit/read-models). */
export { runStateOf, spendOf } from '../audit/index.js';
