export * from './terraform-plan.js';
export * from './plan-vm.js';
export * from './plan-check.js';
export * from './plan-resource.js';
